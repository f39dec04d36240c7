import { useRouteLoaderData } from "@remix-run/react";

interface RootData {
  csrfToken: string;
}

/** The hidden CSRF field every mutating form carries. */
export function CsrfInput() {
  const data = useRouteLoaderData<RootData>("root");
  return <input type="hidden" name="csrf" value={data?.csrfToken ?? ""} />;
}
