// A structural check of a release package that needs no schema files: what OCDS requires and what
// the JSON Schema cannot express (references inside a release). The full validation against the
// published schema and codelists is scripts/validate-ocds.ts.

export interface StructureProblem {
  path: string;
  message: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const isDateTime = (value: unknown) => typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));

function checkValue(value: unknown, path: string, problems: StructureProblem[]) {
  if (value === undefined) return;
  if (!isObject(value)) return void problems.push({ path, message: "geen object" });
  const amount = value.amount;
  if (typeof amount !== "number" || !Number.isFinite(amount)) problems.push({ path: `${path}.amount`, message: "geen getal" });
  else if (Math.round(amount * 100) / 100 !== amount) problems.push({ path: `${path}.amount`, message: `meer dan twee decimalen: ${amount}` });
  if (value.currency !== "EUR") problems.push({ path: `${path}.currency`, message: `valuta is niet EUR: ${String(value.currency)}` });
}

function checkPeriod(value: unknown, path: string, problems: StructureProblem[]) {
  if (value === undefined) return;
  if (!isObject(value)) return void problems.push({ path, message: "geen object" });
  for (const key of ["startDate", "endDate", "maxExtentDate"]) {
    if (value[key] !== undefined && !isDateTime(value[key])) problems.push({ path: `${path}.${key}`, message: "geen datum-tijd" });
  }
  if (typeof value.startDate === "string" && typeof value.endDate === "string" && Date.parse(value.endDate) < Date.parse(value.startDate)) {
    problems.push({ path, message: "einddatum ligt voor de begindatum" });
  }
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function checkReleasePackageStructure(pkg: unknown, options: { prefix: string }): StructureProblem[] {
  const problems: StructureProblem[] = [];
  if (!isObject(pkg)) return [{ path: "$", message: "geen object" }];
  for (const key of ["uri", "publishedDate", "publisher", "releases", "version"]) {
    if (pkg[key] === undefined) problems.push({ path: `$.${key}`, message: "ontbreekt" });
  }
  if (pkg.version !== "1.1") problems.push({ path: "$.version", message: "niet 1.1" });
  if (!isDateTime(pkg.publishedDate)) problems.push({ path: "$.publishedDate", message: "geen datum-tijd" });
  if (!isObject(pkg.publisher) || typeof pkg.publisher.name !== "string") problems.push({ path: "$.publisher.name", message: "ontbreekt" });
  if (Array.isArray(pkg.releases) && pkg.releases.length === 0) problems.push({ path: "$.releases", message: "leeg (het schema vraagt minstens één release)" });

  const seenIds = new Set<string>();
  const seenOcids = new Set<string>();
  list(pkg.releases).forEach((release, index) => {
    const at = `$.releases[${index}]`;
    for (const key of ["ocid", "id", "date", "tag", "initiationType"]) {
      if (release[key] === undefined) problems.push({ path: `${at}.${key}`, message: "ontbreekt" });
    }
    const ocid = String(release.ocid);
    if (!ocid.startsWith(`${options.prefix}-`)) problems.push({ path: `${at}.ocid`, message: `begint niet met ${options.prefix}-` });
    if (seenOcids.has(ocid)) problems.push({ path: `${at}.ocid`, message: "dubbel in het pakket (één release per aanbestedingsproces)" });
    seenOcids.add(ocid);
    const id = String(release.id);
    if (seenIds.has(id) || id.includes("#")) problems.push({ path: `${at}.id`, message: "dubbel of met #" });
    seenIds.add(id);
    if (!isDateTime(release.date)) problems.push({ path: `${at}.date`, message: "geen datum-tijd" });
    if (!Array.isArray(release.tag) || release.tag.length === 0) problems.push({ path: `${at}.tag`, message: "leeg" });

    const partyIds = new Set(list(release.parties).map((party) => String(party.id)));
    const checkReference = (reference: unknown, path: string) => {
      if (reference === undefined) return;
      if (!isObject(reference) || !partyIds.has(String(reference.id))) problems.push({ path, message: "verwijst naar een partij die niet in parties staat" });
    };
    checkReference(release.buyer, `${at}.buyer`);

    const tender = isObject(release.tender) ? release.tender : undefined;
    const lotIds = new Set(list(tender?.lots).map((lot) => String(lot.id)));
    if (tender) {
      if (tender.id === undefined) problems.push({ path: `${at}.tender.id`, message: "ontbreekt" });
      checkReference(tender.procuringEntity, `${at}.tender.procuringEntity`);
      checkValue(tender.value, `${at}.tender.value`, problems);
      for (const key of ["tenderPeriod", "enquiryPeriod", "awardPeriod", "contractPeriod"]) checkPeriod(tender[key], `${at}.tender.${key}`, problems);
      list(tender.lots).forEach((lot, lotIndex) => checkValue(lot.value, `${at}.tender.lots[${lotIndex}].value`, problems));
      list(tender.items).forEach((item, itemIndex) => {
        if (item.relatedLot !== undefined && !lotIds.has(String(item.relatedLot))) problems.push({ path: `${at}.tender.items[${itemIndex}].relatedLot`, message: "onbekend perceel" });
      });
    }
    if (isObject(release.planning) && isObject(release.planning.budget)) checkValue(release.planning.budget.amount, `${at}.planning.budget.amount`, problems);

    const awardIds = new Set<string>();
    list(release.awards).forEach((award, awardIndex) => {
      const path = `${at}.awards[${awardIndex}]`;
      if (award.id === undefined) problems.push({ path: `${path}.id`, message: "ontbreekt" });
      awardIds.add(String(award.id));
      checkValue(award.value, `${path}.value`, problems);
      list(award.suppliers).forEach((supplier, supplierIndex) => checkReference(supplier, `${path}.suppliers[${supplierIndex}]`));
      if (Array.isArray(award.relatedLots)) {
        award.relatedLots.forEach((lotId, lotIndex) => {
          if (!lotIds.has(String(lotId))) problems.push({ path: `${path}.relatedLots[${lotIndex}]`, message: "onbekend perceel" });
        });
      }
    });
    list(release.contracts).forEach((contract, contractIndex) => {
      const path = `${at}.contracts[${contractIndex}]`;
      if (contract.id === undefined) problems.push({ path: `${path}.id`, message: "ontbreekt" });
      if (!awardIds.has(String(contract.awardID))) problems.push({ path: `${path}.awardID`, message: "verwijst naar een gunning die niet in awards staat" });
      checkValue(contract.value, `${path}.value`, problems);
      checkPeriod(contract.period, `${path}.period`, problems);
    });
  });
  return problems;
}
