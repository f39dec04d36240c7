import { contractKindLabels, contractServiceLabels, learningRouteLabels, reportingFrequencyLabels } from "~/domain/contracts/contract-labels";
import { CheckboxGroup, SelectField, TextField, type FieldErrors } from "./form";

export const contractFieldLabels = {
  number: "Contractnummer",
  title: "Omschrijving",
  kind: "Soort contract",
  supplierOrganisationId: "Opdrachtnemer",
  learningRoute: "Leerroute",
  services: "Diensten",
  startDate: "Startdatum",
  endDate: "Einddatum",
  extensionYears: "Verlengingsopties",
  ceilingAmountCents: "Plafondbedrag",
  contractManagerUserId: "Contractmanager",
  reportingFrequency: "Rapportage",
  reportDueDays: "Rapportage uiterlijk (dagen na de periode)",
  performanceShare: "Aandeel prestatiebekostiging",
  performanceActivationDate: "Activeringsdatum prestatiebekostiging",
};

export function ContractFields({
  values,
  errors,
  suppliers,
  managers,
}: {
  values: Record<string, unknown>;
  errors?: FieldErrors;
  suppliers: { id: string; name: string }[];
  managers: { id: string; name: string }[];
}) {
  const text = (name: string) => String(values[name] ?? "");
  return (
    <>
      <TextField name="number" label={contractFieldLabels.number} hint="Bijvoorbeeld WF-2022-B1-01." defaultValue={text("number")} errors={errors} />
      <TextField name="title" label={contractFieldLabels.title} defaultValue={text("title")} errors={errors} />
      <SelectField name="kind" label={contractFieldLabels.kind} placeholder="Kies…" options={Object.entries(contractKindLabels).map(([value, label]) => ({ value, label }))} defaultValue={text("kind")} errors={errors} />
      <SelectField name="supplierOrganisationId" label={contractFieldLabels.supplierOrganisationId} placeholder="Kies…" options={suppliers.map((supplier) => ({ value: supplier.id, label: supplier.name }))} defaultValue={text("supplierOrganisationId")} errors={errors} />
      <SelectField name="learningRoute" label={`${contractFieldLabels.learningRoute} (niet verplicht)`} placeholder="Geen leerroute" options={Object.entries(learningRouteLabels).map(([value, label]) => ({ value, label }))} defaultValue={text("learningRoute")} errors={errors} />
      <CheckboxGroup
        name="services"
        legend={contractFieldLabels.services}
        options={Object.entries(contractServiceLabels).map(([value, label]) => ({ value, label }))}
        defaultChecked={Array.isArray(values.services) ? (values.services as string[]) : []}
        errors={errors}
      />
      <TextField name="startDate" type="date" label={contractFieldLabels.startDate} defaultValue={text("startDate")} errors={errors} />
      <TextField name="endDate" type="date" label={contractFieldLabels.endDate} defaultValue={text("endDate")} errors={errors} />
      <TextField name="extensionYears" label={contractFieldLabels.extensionYears} hint="Jaren per optie, bijvoorbeeld 2 + 2." defaultValue={text("extensionYears")} errors={errors} />
      <TextField name="ceilingAmountCents" label={`${contractFieldLabels.ceilingAmountCents} (euro)`} inputMode="decimal" defaultValue={text("ceilingAmountCents")} errors={errors} />
      <SelectField name="contractManagerUserId" label={contractFieldLabels.contractManagerUserId} placeholder="Nog niet toegewezen" options={managers.map((manager) => ({ value: manager.id, label: manager.name }))} defaultValue={text("contractManagerUserId")} errors={errors} />
      <SelectField name="reportingFrequency" label={contractFieldLabels.reportingFrequency} options={Object.entries(reportingFrequencyLabels).map(([value, label]) => ({ value, label }))} defaultValue={text("reportingFrequency") || "quarterly"} errors={errors} />
      <TextField name="reportDueDays" label={contractFieldLabels.reportDueDays} inputMode="numeric" defaultValue={text("reportDueDays") || "30"} errors={errors} />
      <fieldset className="mb-4 rounded border border-slate-300 p-3">
        <legend className="font-semibold">Prestatiebekostiging (§7.1.1)</legend>
        <label className="mb-3 flex items-center gap-2">
          <input type="checkbox" name="performancePaymentApplies" defaultChecked={values.performancePaymentApplies === true || values.performancePaymentApplies === "on"} className="h-5 w-5" />
          Van toepassing op dit contract
        </label>
        <TextField name="performanceShare" label={`${contractFieldLabels.performanceShare} (%)`} inputMode="decimal" defaultValue={text("performanceShare") || "10"} errors={errors} />
        <TextField
          name="performanceActivationDate"
          type="date"
          label={`${contractFieldLabels.performanceActivationDate} (niet verplicht)`}
          hint="Zonder datum, of voor jaren die vóór deze datum beginnen, is het een schaduwberekening."
          defaultValue={text("performanceActivationDate")}
          errors={errors}
        />
      </fieldset>
    </>
  );
}

export function contractFormValues(contract: {
  number: string;
  title: string;
  kind: string;
  supplierOrganisationId: string;
  learningRoute: string | null;
  services: string[];
  startDate: string;
  endDate: string;
  extensionOptions: { years: number; exercisedAt: string | null }[];
  ceilingAmountCents: number;
  contractManagerUserId: string | null;
  reportingFrequency: string;
  reportDueDays: number;
  performancePaymentApplies: boolean;
  performanceShare: string;
  performanceActivationDate: string | null;
}) {
  return {
    ...contract,
    learningRoute: contract.learningRoute ?? "",
    extensionYears: contract.extensionOptions.map((option) => option.years).join(" + "),
    ceilingAmountCents: new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2 }).format(contract.ceilingAmountCents / 100),
    contractManagerUserId: contract.contractManagerUserId ?? "",
    reportDueDays: String(contract.reportDueDays),
    performanceShare: String(Number(contract.performanceShare)).replace(".", ","),
    performanceActivationDate: contract.performanceActivationDate ?? "",
  };
}
