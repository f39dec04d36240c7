import { procedureLabels } from "~/domain/tenders/tender-content";
import { CheckboxGroup, SelectField, TextField, type FieldErrors } from "./form";

export const tenderGeneralLabels = {
  title: "Titel",
  reference: "Kenmerk",
  summary: "Samenvatting",
  procedure: "Procedure",
  lightRegime: "Verlicht regime",
  cpvCodes: "CPV-codes",
  estimatedValueCents: "Geraamde waarde",
  initialYears: "Looptijd",
  extensionYears: "Verlengingsopties",
  municipalityIds: "Deelnemende gemeenten",
};

export function TenderGeneralFields({
  values,
  errors,
  municipalities,
}: {
  values: Record<string, unknown>;
  errors?: FieldErrors;
  municipalities: { id: string; name: string }[];
}) {
  const text = (name: string) => String(values[name] ?? "");
  const selected = Array.isArray(values.municipalityIds) ? (values.municipalityIds as string[]) : municipalities.map((m) => m.id);
  return (
    <>
      <TextField name="title" label={tenderGeneralLabels.title} defaultValue={text("title")} errors={errors} />
      <TextField name="reference" label={tenderGeneralLabels.reference} hint="Bijvoorbeeld WF-INB-2022-01." defaultValue={text("reference")} errors={errors} />
      <div className="mb-4 flex flex-col gap-1">
        <label htmlFor="summary" className="font-semibold">
          {tenderGeneralLabels.summary}
        </label>
        <textarea id="summary" name="summary" rows={4} defaultValue={text("summary")} className="w-full max-w-2xl rounded border-2 border-slate-500 px-3 py-2" />
      </div>
      <SelectField
        name="procedure"
        label={tenderGeneralLabels.procedure}
        placeholder="Kies…"
        options={Object.entries(procedureLabels).map(([value, label]) => ({ value, label }))}
        defaultValue={text("procedure")}
        errors={errors}
      />
      <label className="mb-4 flex items-center gap-2">
        <input type="checkbox" name="lightRegime" defaultChecked={values.lightRegime === true || values.lightRegime === "on"} className="h-5 w-5" />
        Sociale en andere specifieke diensten (verlicht regime)
      </label>
      <TextField name="cpvCodes" label={tenderGeneralLabels.cpvCodes} hint="Gescheiden door komma's, bijvoorbeeld 80580000-3, 85312000-9." defaultValue={text("cpvCodes")} errors={errors} />
      <TextField name="estimatedValueCents" label={`${tenderGeneralLabels.estimatedValueCents} (euro, excl. btw)`} inputMode="decimal" defaultValue={text("estimatedValueCents")} errors={errors} />
      <TextField name="initialYears" label={`${tenderGeneralLabels.initialYears} (jaren)`} inputMode="numeric" defaultValue={text("initialYears")} errors={errors} />
      <TextField name="extensionYears" label={tenderGeneralLabels.extensionYears} hint="Jaren per optie, bijvoorbeeld 2 + 2. Leeg als er geen verlenging is." defaultValue={text("extensionYears")} errors={errors} />
      <CheckboxGroup
        name="municipalityIds"
        legend={tenderGeneralLabels.municipalityIds}
        errors={errors}
        options={municipalities.map((municipality) => ({ value: municipality.id, label: municipality.name }))}
        defaultChecked={selected}
      />
    </>
  );
}

/** Form values of a tender's general data, as the fields above expect them. */
export function generalFormValues(content: {
  title: string;
  reference: string;
  summary: string;
  procedure: string;
  lightRegime: boolean;
  cpvCodes: string[];
  estimatedValueCents: number;
  contractTerm: { initialYears: number; extensionYears: number[] };
  municipalityIds: string[];
}) {
  return {
    title: content.title,
    reference: content.reference,
    summary: content.summary,
    procedure: content.procedure,
    lightRegime: content.lightRegime,
    cpvCodes: content.cpvCodes.join(", "),
    estimatedValueCents: new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(content.estimatedValueCents / 100),
    initialYears: String(content.contractTerm.initialYears),
    extensionYears: content.contractTerm.extensionYears.join(" + "),
    municipalityIds: content.municipalityIds,
  };
}
