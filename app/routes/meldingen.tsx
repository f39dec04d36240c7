import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PortalForm, SubmitButton } from "~/components/form";
import { EmptyState, PageHeader } from "~/components/page-header";
import { getDb } from "~/db.server";
import { listNotifications, markNotificationsRead } from "~/domain/notifications/notifications.server";
import { getServerClock } from "~/utils/clock.server";
import { setFlash } from "~/utils/flash.server";
import { formatDateTime } from "~/utils/format";
import { formFailure, parseForm, query, readForm, runCommand } from "~/utils/form.server";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Meldingen – Leerrouteportaal Westfriesland" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const notifications = await query(async () => listNotifications(await getDb(), actor));
  return json({ notifications });
}

const markAllReadSchema = z.object({ intent: z.literal("markAllRead", { error: "Onbekende handeling." }) });

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = await readForm(request);
  const parsed = parseForm(markAllReadSchema, form);
  if (!parsed.ok) return formFailure(parsed.failure);
  const outcome = await runCommand(parsed.values, async () => markNotificationsRead(await getDb(), getServerClock(), actor, "all"));
  if (!outcome.ok) return outcome.response;
  const message = outcome.result === 0 ? "Er waren geen ongelezen meldingen." : "Alle meldingen zijn als gelezen gemarkeerd.";
  return redirect("/meldingen", { headers: { "Set-Cookie": await setFlash(message) } });
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const unread = notifications.filter((notification) => !notification.readAt).length;
  return (
    <>
      <PageHeader
        title="Meldingen"
        intro={
          unread > 0
            ? `U heeft ${unread === 1 ? "1 nieuwe melding" : `${unread} nieuwe meldingen`}. De nieuwste staan bovenaan.`
            : "Berichten van het portaal aan u. De nieuwste staan bovenaan."
        }
      />
      {unread > 0 ? (
        <PortalForm errors={failure?.errors} className="mb-6">
          <input type="hidden" name="intent" value="markAllRead" />
          <SubmitButton variant="secondary">Alles als gelezen markeren</SubmitButton>
        </PortalForm>
      ) : null}
      {notifications.length === 0 ? (
        <EmptyState>U heeft geen meldingen.</EmptyState>
      ) : (
        <ol className="flex flex-col gap-4" aria-label="Meldingen, nieuwste eerst">
          {notifications.map((notification) => {
            const isNew = !notification.readAt;
            return (
              <li
                key={notification.id}
                className={`rounded border border-slate-300 bg-white p-4 ${isNew ? "border-l-8 border-l-brand-700" : ""}`}
              >
                <h2 className="flex flex-wrap items-center gap-2 text-lg font-semibold">
                  {isNew ? (
                    // Real text, not only colour, so a screen reader announces it with the title.
                    <span className="rounded bg-brand-700 px-2 py-0.5 text-sm font-semibold text-white">Nieuw</span>
                  ) : null}
                  <span>{notification.title}</span>
                </h2>
                <p className="text-sm text-slate-700">
                  <time dateTime={notification.createdAt}>{formatDateTime(notification.createdAt)}</time>
                </p>
                <p className="mt-2 max-w-prose whitespace-pre-line">{notification.body}</p>
                {notification.link ? (
                  <p className="mt-2">
                    <a href={notification.link}>
                      Bekijken<span className="sr-only">: {notification.title}</span>
                    </a>
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
