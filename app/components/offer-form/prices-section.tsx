import { TextField } from "~/components/form";
import { offerFields } from "~/domain/offers/offer-content";
import { centsForInput } from "~/domain/offers/offer-forms";
import { priceUnitLabels } from "~/domain/tenders/tender-content";
import { formatEuroCents, formatNumber } from "~/utils/format";
import { PriceTable } from "./price-table";
import { FieldError, SaveButton, Section, typedValue, type Failure, type Workspace } from "./shared";

/** The unit price per price component, and the totals the portal computed from the saved draft. */
export function PricesSection({ workspace, failed }: { workspace: Workspace; failed: Failure }) {
  const errors = failed?.errors;
  const prices = new Map(workspace.draft.prices.map((price) => [price.priceComponentId, price.unitPriceCents]));
  return (
    <Section
      id="prijzen-titel"
      title="Prijzen"
      intro="Vul per prijscomponent de prijs per eenheid in, in euro exclusief btw. Het portaal rekent de totalen uit: prijs per eenheid × verwachte hoeveelheid, exact in centen."
    >
      {workspace.priceLines.map((line) => (
        <TextField
          key={line.priceComponentId}
          name={offerFields.price(line.priceComponentId)}
          label={`${line.name}: prijs ${priceUnitLabels[line.unit]} (euro)`}
          hint={`Verwachte hoeveelheid: ${formatNumber(line.quantity)}. ${line.totalCents !== null ? `Totaal bij de opgeslagen prijs: ${formatEuroCents(line.totalCents)}.` : "Het totaal verschijnt na opslaan."}`}
          inputMode="decimal"
          autoComplete="off"
          defaultValue={typedValue(failed, offerFields.price(line.priceComponentId), centsForInput(prices.get(line.priceComponentId) ?? null))}
          errors={errors}
        />
      ))}
      <PriceTable
        caption="Berekende totalen (opgeslagen concept)"
        quantityLabel="Verwachte hoeveelheid"
        lines={workspace.priceLines.map((line) => ({ ...line, name: `${line.name} (${priceUnitLabels[line.unit]})` }))}
        total={workspace.totalPriceCents !== null ? formatEuroCents(workspace.totalPriceCents) : "nog niet compleet"}
        totalId={offerFields.totalPrice}
      />
      <FieldError id={offerFields.totalPrice} errors={errors} />
      <SaveButton />
    </Section>
  );
}
