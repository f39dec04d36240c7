// Every unknown address gets the Dutch 404 page of the root error boundary.
export async function loader() {
  throw new Response("Niet gevonden", { status: 404, statusText: "Niet gevonden" });
}

export default function NotFound() {
  return null;
}
