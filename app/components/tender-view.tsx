import type { TenderContent } from "~/domain/tenders/tender-content";
import {
  describeContractTerm,
  lotServiceLabels,
  priceScoringMethodLabels,
  priceUnitLabels,
  procedureLabels,
  sectionKeys,
  sectionLabels,
  targetGroupLabels,
  targetGroups,
} from "~/domain/tenders/tender-content";
import { formatDate, formatDateTime, formatEuroCents, formatNumber, formatTarget } from "~/utils/format";

/** Paragraphs, "- " bullets and "## " headings: the PvE text format (the PDF reads it the same way). */
export function PlainText({ text }: { text: string }) {
  const blocks = text.split(/\n\s*\n/).map((block) => block.trim()).filter(Boolean);
  return (
    <>
      {blocks.map((block, index) => {
        if (block.startsWith("## ")) return <h4 key={index} className="mt-3 font-semibold">{block.slice(3)}</h4>;
        const lines = block.split("\n");
        const firstBullet = lines.findIndex((line) => line.trim().startsWith("- "));
        if (firstBullet >= 0 && lines.slice(firstBullet).every((line) => line.trim().startsWith("- "))) {
          const lead = lines.slice(0, firstBullet).join("\n");
          return (
            <div key={index}>
              {lead ? <p className="mb-1 max-w-prose whitespace-pre-line">{lead}</p> : null}
              <ul className="mb-2 list-disc pl-6">
                {lines.slice(firstBullet).map((line, lineIndex) => <li key={lineIndex}>{line.trim().slice(2)}</li>)}
              </ul>
            </div>
          );
        }
        return <p key={index} className="mb-2 max-w-prose whitespace-pre-line">{block}</p>;
      })}
    </>
  );
}

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: (string | number)[][] }) {
  return (
    <div className="mb-4 overflow-x-auto">
      <table className="min-w-full border-collapse bg-white text-left text-sm">
        <caption className="mb-1 text-left font-semibold">{caption}</caption>
        <thead>
          <tr className="border-b-2 border-slate-700">
            {head.map((cell, index) => (
              <th key={index} scope="col" className={`p-2 ${index > 0 ? "text-right" : ""}`}>{cell}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, rowIndex) => (
            <tr key={rowIndex} className="border-b border-slate-300">
              {row.map((cell, index) =>
                index === 0 ? (
                  <th key={index} scope="row" className="p-2 font-normal">{cell}</th>
                ) : (
                  <td key={index} className="p-2 text-right">{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TenderContentView({
  content,
  municipalityNames,
  documentHref,
}: {
  content: TenderContent;
  municipalityNames: Record<string, string>;
  documentHref: (fileId: string) => string;
}) {
  const criterionName = (id: string | null) => content.awardCriteria.find((criterion) => criterion.id === id)?.name ?? "–";
  const lotName = (id: string | null) => {
    const lot = content.lots.find((candidate) => candidate.id === id);
    return lot ? `Perceel ${lot.number}: ${lot.title}` : "Alle percelen";
  };
  return (
    <div className="flex flex-col gap-8">
      {content.summary ? <p className="max-w-prose text-lg">{content.summary}</p> : null}
      <section aria-labelledby="algemeen-titel">
        <h2 id="algemeen-titel" className="mb-2 text-2xl font-semibold">Algemene gegevens</h2>
        <dl className="grid max-w-3xl grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[14rem_1fr]">
          <dt className="font-semibold">Kenmerk</dt>
          <dd>{content.reference}</dd>
          <dt className="font-semibold">Procedure</dt>
          <dd>{procedureLabels[content.procedure]}{content.lightRegime ? " (verlicht regime: sociale en andere specifieke diensten)" : ""}</dd>
          <dt className="font-semibold">CPV-codes</dt>
          <dd>{content.cpvCodes.join(", ") || "–"}</dd>
          <dt className="font-semibold">Geraamde waarde</dt>
          <dd>{formatEuroCents(content.estimatedValueCents)}</dd>
          <dt className="font-semibold">Looptijd</dt>
          <dd>{describeContractTerm(content.contractTerm)}</dd>
          <dt className="font-semibold">Deelnemende gemeenten</dt>
          <dd>{content.municipalityIds.map((id) => municipalityNames[id] ?? id).join(", ")}</dd>
        </dl>
      </section>

      <section aria-labelledby="planning-titel">
        <h2 id="planning-titel" className="mb-2 text-2xl font-semibold">Planning</h2>
        {content.timeline ? (
          <dl className="grid max-w-3xl grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[20rem_1fr]">
            <dt className="font-semibold">Publicatie</dt>
            <dd>{formatDate(content.timeline.publicationDate)}</dd>
            <dt className="font-semibold">Uiterste moment voor vragen</dt>
            <dd>{formatDateTime(content.timeline.questionDeadline)}</dd>
            <dt className="font-semibold">Nota van Inlichtingen</dt>
            <dd>{formatDate(content.timeline.informationNoticeDate)}</dd>
            <dt className="font-semibold">Sluiting inschrijving</dt>
            <dd>{formatDateTime(content.timeline.submissionDeadline)}</dd>
            <dt className="font-semibold">Voorgenomen gunningsbeslissing</dt>
            <dd>{formatDate(content.timeline.plannedAwardDecisionDate)}</dd>
            <dt className="font-semibold">Standstill-termijn</dt>
            <dd>{content.timeline.standstillDays} kalenderdagen</dd>
            <dt className="font-semibold">Start contract</dt>
            <dd>{formatDate(content.timeline.contractStartDate)}</dd>
          </dl>
        ) : (
          <p>De planning is nog niet ingevuld.</p>
        )}
      </section>

      {sectionKeys.some((key) => content.sections[key]?.trim()) ? (
        <section aria-labelledby="teksten-titel">
          <h2 id="teksten-titel" className="mb-2 text-2xl font-semibold">Programma van eisen</h2>
          {sectionKeys
            .filter((key) => content.sections[key]?.trim())
            .map((key) => (
              <div key={key} className="mb-4">
                <h3 className="mb-1 text-xl font-semibold">{sectionLabels[key]}</h3>
                <PlainText text={content.sections[key] ?? ""} />
              </div>
            ))}
        </section>
      ) : null}

      <section aria-labelledby="percelen-titel">
        <h2 id="percelen-titel" className="mb-2 text-2xl font-semibold">Percelen</h2>
        {content.lots.length === 0 ? <p>Er zijn nog geen percelen.</p> : null}
        {[...content.lots].sort((a, b) => a.number - b.number).map((lot) => (
          <article key={lot.id} aria-labelledby={`perceel-${lot.id}`} className="mb-6 rounded border border-slate-300 bg-white p-4">
            <h3 id={`perceel-${lot.id}`} className="text-xl font-semibold">Perceel {lot.number}: {lot.title}</h3>
            <p className="mb-2 text-sm text-slate-700">
              {lotServiceLabels[lot.service]} · plafondbedrag {formatEuroCents(lot.ceilingAmountCents)} · aandeel {formatNumber(Number(lot.routeSharePercent))} % van de instroom
              {lot.performancePayment ? " · met prestatiebekostiging" : ""}
            </p>
            {lot.description ? <PlainText text={lot.description} /> : null}
            {lot.volumes.length ? (
              <Table
                caption="Verwachte aantallen per gemeente en doelgroep (per jaar)"
                head={["Gemeente", ...targetGroups.map((group) => targetGroupLabels[group]), "Totaal"]}
                rows={[
                  ...[...new Set(lot.volumes.map((volume) => volume.municipalityId))].map((municipalityId) => {
                    const counts = targetGroups.map((group) => lot.volumes.find((volume) => volume.municipalityId === municipalityId && volume.targetGroup === group)?.count ?? 0);
                    return [municipalityNames[municipalityId] ?? municipalityId, ...counts.map(formatNumber), formatNumber(counts.reduce((a, b) => a + b, 0))];
                  }),
                  ["Totaal", ...targetGroups.map((group) => formatNumber(lot.volumes.filter((volume) => volume.targetGroup === group).reduce((total, volume) => total + volume.count, 0))), formatNumber(lot.volumes.reduce((total, volume) => total + volume.count, 0))],
                ]}
              />
            ) : null}
            {lot.priceComponents.length ? (
              <Table
                caption="Prijscomponenten die de inschrijver invult"
                head={["Prijscomponent", "Eenheid", "Verwachte hoeveelheid"]}
                rows={lot.priceComponents.map((component) => [component.name, priceUnitLabels[component.unit], formatNumber(component.expectedQuantity)])}
              />
            ) : null}
            {lot.kpis.length ? (
              <Table
                caption="Prestatie-indicatoren die het contract binden"
                head={["Indicator", "Doel", "Bron"]}
                rows={lot.kpis.map((kpi) => [
                  `${kpi.name}${kpi.overrideReason ? ` (aangepast: ${kpi.overrideReason})` : ""}`,
                  `${kpi.direction === "higherIsBetter" ? "≥" : "≤"} ${formatTarget(kpi.target, kpi.unit)}`,
                  kpi.source,
                ])}
              />
            ) : null}
          </article>
        ))}
      </section>

      <section aria-labelledby="eisen-titel">
        <h2 id="eisen-titel" className="mb-2 text-2xl font-semibold">Eisen en wensen</h2>
        {content.requirements.length === 0 ? <p>Er zijn nog geen eisen of wensen.</p> : null}
        {(["mandatory", "scored"] as const).map((kind) => {
          const list = content.requirements.filter((requirement) => requirement.kind === kind);
          if (!list.length) return null;
          return (
            <div key={kind} className="mb-4">
              <h3 className="mb-1 text-xl font-semibold">{kind === "mandatory" ? "Eisen (knock-out)" : "Wensen (gescoord)"}</h3>
              <ol className="list-decimal pl-6">
                {list.map((requirement) => (
                  <li key={requirement.id} className="mb-2">
                    <span className="font-semibold">{requirement.title}</span> <span className="text-sm text-slate-700">({lotName(requirement.lotId)}{kind === "scored" ? ` · criterium ${criterionName(requirement.criterionId)}` : ""}{requirement.evidenceRequired ? " · bewijsstuk vereist" : ""})</span>
                    {requirement.description ? <PlainText text={requirement.description} /> : null}
                  </li>
                ))}
              </ol>
            </div>
          );
        })}
      </section>

      <section aria-labelledby="criteria-titel">
        <h2 id="criteria-titel" className="mb-2 text-2xl font-semibold">Gunningscriteria</h2>
        {content.awardCriteria.length ? (
          <>
            <Table
              caption="Beste prijs-kwaliteitverhouding: criteria en wegingen"
              head={["Criterium", "Soort", "Weging"]}
              rows={content.awardCriteria.map((criterion) => [criterion.name, criterion.kind === "price" ? "Prijs" : "Kwaliteit", `${criterion.weight}`])}
            />
            <p>Scoreschaal kwaliteit: {content.scoringScale.min} tot {content.scoringScale.max} in stappen van {content.scoringScale.step}.</p>
            <p>Prijsscore: {priceScoringMethodLabels[content.priceScoringMethod]}.</p>
          </>
        ) : (
          <p>De gunningscriteria zijn nog niet vastgesteld.</p>
        )}
      </section>

      <section aria-labelledby="documenten-titel">
        <h2 id="documenten-titel" className="mb-2 text-2xl font-semibold">Documenten</h2>
        {content.documents.length ? (
          <ul className="list-disc pl-6">
            {content.documents.map((document) => (
              <li key={document.fileId}>
                <a href={documentHref(document.fileId)}>{document.title}</a> <span className="text-sm text-slate-700">({document.fileName}, {formatNumber(Math.ceil(document.sizeBytes / 1024))} kB)</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>Er zijn geen bijlagen.</p>
        )}
      </section>
    </div>
  );
}
