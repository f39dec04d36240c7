import { Form } from "@remix-run/react";
import { CsrfInput } from "~/components/csrf-input";
import type { Failure } from "./shared";

/** Withdrawing a submitted offer (until the deadline); `failure` is the page's failed post, if any. */
export function WithdrawSection({ failure }: { failure: Failure }) {
  return (
    <section aria-labelledby="intrekken-titel" className="rounded border border-slate-300 bg-white p-5 shadow-sm">
      <h3 id="intrekken-titel" className="mb-2 text-xl font-semibold">
        Inschrijving intrekken
      </h3>
      <p className="mb-3 max-w-prose">
        Na intrekken telt uw inschrijving op dit perceel niet mee. De ingediende versies blijven bewaard, en u kunt tot de sluiting opnieuw indienen.
      </p>
      {failure?.values?.intent === "withdraw" && failure.errors.form ? (
        <p role="alert" className="mb-3 font-semibold text-red-700">
          {failure.errors.form.join(" ")}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data">
        <CsrfInput />
        <button type="submit" name="intent" value="withdraw" className="rounded bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-900">
          Inschrijving intrekken
        </button>
      </Form>
    </section>
  );
}
