import { buildTenderContent, testAwardCriterionIds, testCatalogueTargets } from "../../../test/factories/tender-content";
import { tenderContentSchema, type AwardCriterion, type Lot, type TenderContent, type Timeline } from "./tender-content";
import {
  checkAwardCriteria,
  checkChangeNearDeadline,
  checkCpvCodes,
  checkLot,
  checkPublishable,
  checkTimeline,
  deadlineExtended,
  isMaterialChange,
  type RuleProblem,
} from "./tender-rules";

const fields = (problems: RuleProblem[]) => problems.map((problem) => problem.field);
const clone = <T>(value: T): T => structuredClone(value);

// 16 Nov 12:00 and 15 Dec 12:00 in Amsterdam (winter time, UTC+1).
const validTimeline: Timeline = {
  publicationDate: "2026-11-02",
  questionDeadline: "2026-11-16T11:00:00.000Z",
  informationNoticeDate: "2026-11-23",
  submissionDeadline: "2026-12-15T11:00:00.000Z",
  plannedAwardDecisionDate: "2027-01-12",
  standstillDays: 20,
  contractStartDate: "2027-03-01",
};

describe("checkTimeline", () => {
  test("a timeline in the right order has no problems", () => {
    expect(checkTimeline(validTimeline)).toEqual([]);
  });

  test.each<{ case: string; change: Partial<Timeline>; problems: RuleProblem[] }>([
    { case: "questions may close on the publication day itself", change: { questionDeadline: "2026-11-02T16:00:00.000Z" }, problems: [] },
    {
      case: "questions may not close before publication",
      change: { questionDeadline: "2026-11-01T11:00:00.000Z" },
      problems: [{ field: "timeline.questionDeadline", message: "De uiterste datum voor vragen moet op of na de publicatiedatum (2 november 2026) liggen." }],
    },
    {
      case: "the day of the question deadline is its Amsterdam day: 00:30 on 2 November is 23:30Z on 1 November",
      change: { questionDeadline: "2026-11-01T23:30:00.000Z" },
      problems: [],
    },
    { case: "the NvI may appear on the day questions close, later that day", change: { informationNoticeDate: "2026-11-16" }, problems: [] },
    {
      case: "the NvI may not appear before questions close",
      change: { informationNoticeDate: "2026-11-15" },
      problems: [{ field: "timeline.informationNoticeDate", message: "De Nota van Inlichtingen moet na de uiterste datum voor vragen (16 november 2026 om 12:00) verschijnen." }],
    },
    {
      case: "questions closing at 24:00 of the NvI day leave no time for the NvI",
      change: { questionDeadline: "2026-11-23T23:00:00.000Z" },
      problems: [{ field: "timeline.informationNoticeDate", message: "De Nota van Inlichtingen moet na de uiterste datum voor vragen (24 november 2026 om 00:00) verschijnen." }],
    },
    { case: "exactly 6 calendar days between NvI and deadline is enough", change: { informationNoticeDate: "2026-12-09" }, problems: [] },
    {
      case: "5 calendar days between NvI and deadline is too short",
      change: { informationNoticeDate: "2026-12-10" },
      problems: [
        {
          field: "timeline.submissionDeadline",
          message: "Tussen de Nota van Inlichtingen (10 december 2026) en de sluitingstermijn moeten ten minste 6 kalenderdagen liggen; de sluitingstermijn kan op zijn vroegst op 16 december 2026 vallen.",
        },
      ],
    },
    {
      case: "an NvI after the deadline breaks the same rule",
      change: { informationNoticeDate: "2026-12-20" },
      problems: [{ field: "timeline.submissionDeadline", message: expect.stringContaining("op zijn vroegst op 26 december 2026 vallen") as unknown as string }],
    },
    {
      case: "the award decision cannot fall on the day of the deadline",
      change: { plannedAwardDecisionDate: "2026-12-15" },
      problems: [{ field: "timeline.plannedAwardDecisionDate", message: "De voorgenomen gunningsbeslissing moet na de sluitingstermijn (15 december 2026 om 12:00) liggen." }],
    },
    { case: "the award decision may fall on the day after the deadline", change: { plannedAwardDecisionDate: "2026-12-16", contractStartDate: "2027-01-06" }, problems: [] },
    {
      case: "the contract cannot start on the last day of the standstill",
      change: { contractStartDate: "2027-02-01" },
      problems: [{ field: "timeline.contractStartDate", message: "De start van het contract moet na de opschortende termijn van 20 dagen liggen: op zijn vroegst 2 februari 2027." }],
    },
    { case: "the contract may start on the day after the standstill", change: { contractStartDate: "2027-02-02" }, problems: [] },
  ])("$case", ({ change, problems }) => {
    expect(checkTimeline({ ...validTimeline, ...change })).toEqual(problems);
  });

  test("returns every problem, not only the first", () => {
    const problems = checkTimeline({
      publicationDate: "2026-11-02",
      questionDeadline: "2026-11-01T11:00:00.000Z",
      informationNoticeDate: "2026-10-30",
      submissionDeadline: "2026-11-03T11:00:00.000Z",
      plannedAwardDecisionDate: "2026-11-03",
      standstillDays: 20,
      contractStartDate: "2026-11-10",
    });
    expect(fields(problems)).toEqual([
      "timeline.questionDeadline",
      "timeline.informationNoticeDate",
      "timeline.submissionDeadline",
      "timeline.plannedAwardDecisionDate",
      "timeline.contractStartDate",
    ]);
  });
});

describe("checkAwardCriteria", () => {
  const criterion = (name: string, weight: number, kind: AwardCriterion["kind"] = "quality"): AwardCriterion => ({
    id: `00000000-0000-4000-8000-${String(name.length * 1000 + weight).padStart(12, "0")}`,
    name,
    kind,
    weight,
    description: "",
  });

  test("price 30 and quality 70 is fine", () => {
    expect(checkAwardCriteria([criterion("Prijs", 30, "price"), criterion("Plan van aanpak", 70)])).toEqual([]);
  });

  test.each<{ case: string; criteria: AwardCriterion[]; problems: RuleProblem[] }>([
    { case: "no criteria at all", criteria: [], problems: [{ field: "awardCriteria", message: "Voeg ten minste één gunningscriterium toe." }] },
    {
      case: "weights adding up to 95",
      criteria: [criterion("Prijs", 30, "price"), criterion("Plan van aanpak", 65)],
      problems: [{ field: "awardCriteria", message: "De wegingen tellen op tot 95; dat moet 100 zijn." }],
    },
    {
      case: "weights adding up to 110",
      criteria: [criterion("Prijs", 40, "price"), criterion("Plan van aanpak", 70)],
      problems: [{ field: "awardCriteria", message: "De wegingen tellen op tot 110; dat moet 100 zijn." }],
    },
    {
      case: "a weight with decimals",
      criteria: [criterion("Prijs", 29.5, "price"), criterion("Plan van aanpak", 70.5)],
      problems: [
        { field: "awardCriteria.0.weight", message: "De weging van ‘Prijs’ moet een geheel getal van 1 tot en met 100 zijn." },
        { field: "awardCriteria.1.weight", message: "De weging van ‘Plan van aanpak’ moet een geheel getal van 1 tot en met 100 zijn." },
      ],
    },
    {
      case: "two price criteria",
      criteria: [criterion("Prijs", 20, "price"), criterion("Prijs per uur", 20, "price"), criterion("Plan van aanpak", 60)],
      problems: [{ field: "awardCriteria", message: "Er mag maar één prijscriterium zijn; nu zijn het er 2." }],
    },
    {
      case: "two criteria with the same name, whatever the case",
      criteria: [criterion("Prijs", 30, "price"), criterion("Plan van aanpak", 35), criterion(" plan van Aanpak ", 35)],
      problems: [{ field: "awardCriteria.2.name", message: "Er is al een gunningscriterium met de naam ‘plan van Aanpak’." }],
    },
    { case: "quality only, no price criterion", criteria: [criterion("Plan van aanpak", 100)], problems: [] },
  ])("$case", ({ criteria, problems }) => {
    expect(checkAwardCriteria(criteria)).toEqual(problems);
  });
});

describe("checkLot", () => {
  const lot = (): Lot => clone(buildTenderContent({ lots: 1 }).lots[0]!);

  test("the factory's lot is fine", () => {
    expect(checkLot(lot(), testCatalogueTargets)).toEqual([]);
  });

  test.each<{ case: string; change: (lot: Lot) => void; problems: RuleProblem[] }>([
    {
      case: "a ceiling of zero",
      change: (lot) => (lot.ceilingAmountCents = 0),
      problems: [{ field: "ceilingAmountCents", message: "Perceel 1: het plafondbedrag moet hoger zijn dan € 0." }],
    },
    {
      case: "no price components",
      change: (lot) => (lot.priceComponents = []),
      problems: [{ field: "priceComponents", message: "Perceel 1: voeg ten minste één prijscomponent toe." }],
    },
    {
      case: "two price components with one name",
      change: (lot) => (lot.priceComponents[1]!.name = "traject"),
      problems: [{ field: "priceComponents.1.name", message: "Perceel 1: er is al een prijscomponent met de naam ‘traject’." }],
    },
    {
      case: "a KPI target that departs from the framework without a reason",
      change: (lot) => {
        const kpi = lot.kpis.find((candidate) => candidate.kpiCode === "completedInTime.b1")!;
        kpi.target = "70";
      },
      problems: [
        {
          field: "kpis.0.overrideReason",
          message: "Perceel 1: de streefwaarde van ‘Voldaan binnen wettelijke termijn’ (70 %) wijkt af van het beleidskader (75 %); geef de reden.",
        },
      ],
    },
    {
      case: "a reason of only spaces is no reason",
      change: (lot) => {
        lot.kpis[0]!.target = "70";
        lot.kpis[0]!.overrideReason = "   ";
      },
      problems: [{ field: "kpis.0.overrideReason", message: expect.stringContaining("geef de reden") as unknown as string }],
    },
    { case: "the same target written with decimals is not a deviation", change: (lot) => (lot.kpis[0]!.target = "75.0000"), problems: [] },
    { case: "a contract-specific KPI needs no reason", change: (lot) => (lot.kpis.at(-1)!.target = "3"), problems: [] },
    {
      case: "a negative volume",
      change: (lot) => (lot.volumes[3]!.count = -1),
      problems: [{ field: "volumes.3.count", message: "Perceel 1: een verwacht aantal deelnemers moet een geheel getal van 0 of meer zijn." }],
    },
  ])("$case", ({ change, problems }) => {
    const changed = lot();
    change(changed);
    expect(checkLot(changed, testCatalogueTargets)).toEqual(problems);
  });

  test("a lot still being drafted may lack price components", () => {
    const changed = { ...lot(), priceComponents: [] };
    expect(checkLot(changed, testCatalogueTargets, { requirePriceComponent: false })).toEqual([]);
  });

  test("the field prefix places the problems in the tender's form", () => {
    const changed = { ...lot(), ceilingAmountCents: 0 };
    expect(fields(checkLot(changed, testCatalogueTargets, { fieldPrefix: "lots.4." }))).toEqual(["lots.4.ceilingAmountCents"]);
  });

  test("the catalogue may be passed as a Map", () => {
    const changed = lot();
    changed.kpis[0]!.target = "70";
    expect(fields(checkLot(changed, new Map(Object.entries(testCatalogueTargets))))).toEqual(["kpis.0.overrideReason"]);
  });
});

describe("checkCpvCodes", () => {
  test("eight digits, a dash and a check digit pass", () => {
    expect(checkCpvCodes(["80580000-3", "85312320-8"])).toEqual([]);
  });

  test.each(["8058000-3", "80580000", "80580000-34", "80580000–3", " 80580000-3", "8058000A-3", ""])("%j is refused", (code) => {
    expect(checkCpvCodes(["80580000-3", code])).toEqual([{ field: "cpvCodes.1", message: expect.stringContaining("heeft niet de vorm 12345678-9") }]);
  });
});

describe("checkPublishable", () => {
  test("the factory's content passes the schema and every rule, for several sizes", () => {
    for (const size of [
      { lots: 1, requirements: 0 },
      { lots: 3, requirements: 10 },
      { lots: 8, requirements: 60 },
      { lots: 11, requirements: 25 },
    ]) {
      const content = buildTenderContent(size);
      expect(() => tenderContentSchema.parse(content)).not.toThrow();
      expect(checkPublishable(content, testCatalogueTargets), JSON.stringify(size)).toEqual([]);
    }
  });

  test.each<{ case: string; change: (content: TenderContent) => void; problems: RuleProblem[] }>([
    { case: "no title", change: (content) => (content.title = "  "), problems: [{ field: "title", message: "Vul de titel van de aanbesteding in." }] },
    { case: "no reference", change: (content) => (content.reference = ""), problems: [{ field: "reference", message: "Vul het kenmerk van de aanbesteding in." }] },
    {
      case: "no municipality",
      change: (content) => (content.municipalityIds = []),
      problems: [{ field: "municipalityIds", message: "Kies ten minste één deelnemende gemeente." }],
    },
    {
      case: "no timeline",
      change: (content) => (content.timeline = null),
      problems: [{ field: "timeline", message: "Vul de planning in: zonder termijnen kan er niet worden ingeschreven." }],
    },
    {
      case: "no lots (and so no requirement can be lot-specific)",
      change: (content) => {
        content.lots = [];
        content.requirements = content.requirements.filter((requirement) => requirement.lotId === null);
      },
      problems: [{ field: "lots", message: "Voeg ten minste één perceel toe." }],
    },
    {
      case: "two lots with one number",
      change: (content) => (content.lots[1]!.number = 1),
      problems: [{ field: "lots.1.number", message: "Perceelnummer 1 komt meer dan eens voor." }],
    },
    {
      case: "a lot-specific requirement whose lot is gone",
      change: (content) => (content.requirements[1]!.lotId = "00000000-0000-4000-8000-00000000dead"),
      problems: [{ field: "requirements.1.lotId", message: "Wens ‘Duale trajecten: taal en werk tegelijk’ verwijst naar een perceel dat niet (meer) bestaat." }],
    },
    {
      case: "a scored wish without a criterion",
      change: (content) => (content.requirements[1]!.criterionId = null),
      problems: [
        {
          field: "requirements.1.criterionId",
          message: "Wens ‘Duale trajecten: taal en werk tegelijk’ hoort bij geen gunningscriterium; kies het kwaliteitscriterium waaronder de wens wordt gescoord.",
        },
      ],
    },
    {
      case: "a scored wish under a criterion that is gone",
      change: (content) => (content.requirements[1]!.criterionId = "00000000-0000-4000-8000-00000000dead"),
      problems: [{ field: "requirements.1.criterionId", message: "Wens ‘Duale trajecten: taal en werk tegelijk’ verwijst naar een gunningscriterium dat niet (meer) bestaat." }],
    },
    {
      case: "a scored wish under the price criterion",
      change: (content) => (content.requirements[1]!.criterionId = testAwardCriterionIds.price),
      problems: [
        { field: "requirements.1.criterionId", message: "Wens ‘Duale trajecten: taal en werk tegelijk’ verwijst naar het prijscriterium; een wens wordt onder een kwaliteitscriterium gescoord." },
      ],
    },
    {
      case: "a mandatory requirement needs no criterion",
      change: (content) => (content.requirements[0]!.criterionId = null),
      problems: [],
    },
    {
      case: "an invalid CPV code",
      change: (content) => (content.cpvCodes = ["80580000-3", "805800003"]),
      problems: [{ field: "cpvCodes.1", message: expect.stringContaining("‘805800003’") as unknown as string }],
    },
  ])("$case", ({ change, problems }) => {
    const content = clone(buildTenderContent({ lots: 3, requirements: 6 }));
    change(content);
    expect(checkPublishable(content, testCatalogueTargets)).toEqual(problems);
  });

  test("collects the problems of every part at once, each at its own field", () => {
    const content = clone(buildTenderContent({ lots: 2, requirements: 4 }));
    content.title = "";
    content.timeline = { ...content.timeline!, contractStartDate: "2027-01-20" };
    content.lots[1]!.ceilingAmountCents = 0;
    content.lots[0]!.priceComponents = [];
    content.awardCriteria[0]!.weight = 25;
    content.requirements[1]!.criterionId = null;
    expect(fields(checkPublishable(content, testCatalogueTargets))).toEqual([
      "title",
      "timeline.contractStartDate",
      "lots.0.priceComponents",
      "lots.1.ceilingAmountCents",
      "awardCriteria",
      "requirements.1.criterionId",
    ]);
  });
});

describe("isMaterialChange", () => {
  const base = () => clone(buildTenderContent({ lots: 3, requirements: 9 }));

  test.each<{ case: string; change: (content: TenderContent) => void; material: boolean }>([
    { case: "no change", change: () => {}, material: false },
    { case: "lots, requirements and criteria in another order", change: (content) => {
        content.lots.reverse();
        content.requirements.reverse();
        content.awardCriteria.reverse();
        content.lots[0]!.volumes.reverse();
        content.lots[0]!.priceComponents.reverse();
        content.lots[0]!.kpis.reverse();
      }, material: false },
    { case: "a lot's description", change: (content) => (content.lots[0]!.description = "Nieuwe uitleg."), material: false },
    { case: "the PvE text, summary and documents", change: (content) => {
        content.sections.background = "Anders verwoord.";
        content.summary = "Korter.";
        content.documents = [];
      }, material: false },
    { case: "the timeline (a deadline change is reported separately)", change: (content) => (content.timeline!.submissionDeadline = "2026-12-22T11:00:00.000Z"), material: false },
    { case: "a lot's ceiling", change: (content) => (content.lots[0]!.ceilingAmountCents += 100), material: true },
    { case: "a lot's title", change: (content) => (content.lots[2]!.title = "Onderwijsroute"), material: true },
    { case: "a lot's volumes", change: (content) => (content.lots[1]!.volumes[0]!.count += 1), material: true },
    { case: "a price component's name", change: (content) => (content.lots[0]!.priceComponents[0]!.name = "Traject B1"), material: true },
    { case: "a KPI target", change: (content) => (content.lots[0]!.kpis[0]!.target = "80"), material: true },
    { case: "a requirement's text", change: (content) => (content.requirements[0]!.description = "Strenger."), material: true },
    { case: "a requirement added", change: (content) => content.requirements.push({ ...content.requirements[0]!, id: "00000000-0000-4000-8000-0000000000aa" }), material: true },
    { case: "a requirement removed", change: (content) => content.requirements.pop(), material: true },
    { case: "a criterion's weight", change: (content) => {
        content.awardCriteria[0]!.weight = 35;
        content.awardCriteria[1]!.weight = 35;
      }, material: true },
    { case: "the price scoring method", change: (content) => (content.priceScoringMethod = "relativeToCeiling"), material: true },
    { case: "the scoring scale", change: (content) => (content.scoringScale = { min: 0, max: 10, step: 1 }), material: true },
  ])("$case: $material", ({ change, material }) => {
    const previous = base();
    const next = base();
    change(next);
    expect(isMaterialChange(previous, next)).toBe(material);
  });
});

describe("deadlineExtended", () => {
  const withDeadline = (submissionDeadline: string | null) => {
    const content = clone(buildTenderContent({ lots: 1, requirements: 0 }));
    content.timeline = submissionDeadline === null ? null : { ...content.timeline!, submissionDeadline };
    return content;
  };

  test.each([
    { case: "a later deadline is an extension", previous: "2026-12-15T11:00:00.000Z", next: "2026-12-22T11:00:00.000Z", extended: true },
    { case: "one minute later is an extension", previous: "2026-12-15T11:00:00.000Z", next: "2026-12-15T11:01:00.000Z", extended: true },
    { case: "the same moment written with an offset is not", previous: "2026-12-15T11:00:00.000Z", next: "2026-12-15T12:00:00+01:00", extended: false },
    { case: "an earlier deadline is not", previous: "2026-12-15T11:00:00.000Z", next: "2026-12-14T11:00:00.000Z", extended: false },
    { case: "a first timeline is not", previous: null, next: "2026-12-15T11:00:00.000Z", extended: false },
  ])("$case", ({ previous, next, extended }) => {
    expect(deadlineExtended(withDeadline(previous), withDeadline(next))).toBe(extended);
  });
});

describe("checkChangeNearDeadline", () => {
  // The published deadline: 15 December 2026 12:00 in Amsterdam.
  const CURRENT = "2026-12-15T11:00:00.000Z";
  const content = (submissionDeadline: string) => {
    const value = clone(buildTenderContent({ lots: 1, requirements: 2 }));
    value.timeline = { ...value.timeline!, submissionDeadline };
    return value;
  };
  const check = (next: string, publishAt: string, current = CURRENT) => checkChangeNearDeadline(content(current), content(next), new Date(publishAt));
  const lateChange = (earliest: string) => ({
    field: "timeline.submissionDeadline",
    message: `Deze versie verschijnt minder dan 6 dagen voor de sluitingstermijn. Verschuif de sluitingstermijn naar ${earliest} of later, zodat inschrijvers tijd hebben om de wijziging te verwerken.`,
  });
  const notEarlier = { field: "timeline.submissionDeadline", message: "Een gepubliceerde sluitingstermijn kan niet worden vervroegd." };

  test.each<{ case: string; next: string; publishAt: string; current?: string; problems: RuleProblem[] }>([
    { case: "a change two weeks before the deadline may keep it", next: CURRENT, publishAt: "2026-12-01T09:00:00Z", problems: [] },
    { case: "a change exactly 6 × 24 h before the deadline may keep it", next: CURRENT, publishAt: "2026-12-09T11:00:00Z", problems: [] },
    {
      case: "a change one minute later must move the deadline 6 × 24 h past its publication",
      next: CURRENT,
      publishAt: "2026-12-09T11:01:00Z",
      problems: [lateChange("15 december 2026 om 12:01")],
    },
    { case: "a change 5 days before the deadline keeping it is refused, naming the earliest deadline", next: CURRENT, publishAt: "2026-12-10T09:00:00Z", problems: [lateChange("16 december 2026 om 10:00")] },
    { case: "moving the deadline to exactly that moment is enough", next: "2026-12-16T09:00:00.000Z", publishAt: "2026-12-10T09:00:00Z", problems: [] },
    { case: "one minute short is not", next: "2026-12-16T08:59:00.000Z", publishAt: "2026-12-10T09:00:00Z", problems: [lateChange("16 december 2026 om 10:00")] },
    { case: "the earliest deadline is shown rounded up to the minute", next: CURRENT, publishAt: "2026-12-10T09:00:30Z", problems: [lateChange("16 december 2026 om 10:01")] },
    {
      case: "6 × 24 h across the switch to winter time is 11:00 on the clock, not 12:00",
      current: "2026-10-23T10:00:00.000Z",
      next: "2026-10-23T10:00:00.000Z",
      publishAt: "2026-10-21T10:00:00Z",
      problems: [lateChange("27 oktober 2026 om 11:00")],
    },
    { case: "a deadline may not be brought forward, even far ahead", next: "2026-12-14T11:00:00.000Z", publishAt: "2026-11-20T09:00:00Z", problems: [notEarlier] },
    {
      case: "a deadline may not be set in the past",
      next: "2026-12-09T11:00:00.000Z",
      publishAt: "2026-12-10T09:00:00Z",
      problems: [notEarlier, { field: "timeline.submissionDeadline", message: "De sluitingstermijn kan niet in het verleden liggen (deze versie verschijnt op 10 december 2026 om 10:00)." }],
    },
    {
      case: "after the deadline has passed, a version needs a new deadline 6 × 24 h ahead",
      next: "2026-12-18T11:00:00.000Z",
      publishAt: "2026-12-16T11:00:00Z",
      problems: [lateChange("22 december 2026 om 12:00")],
    },
  ])("$case", ({ next, publishAt, current, problems }) => {
    expect(check(next, publishAt, current)).toEqual(problems);
  });

  test("without a timeline on either side there is nothing to compare", () => {
    const withoutTimeline = { ...content(CURRENT), timeline: null };
    expect(checkChangeNearDeadline(withoutTimeline, content(CURRENT), new Date("2026-12-14T09:00:00Z"))).toEqual([]);
    expect(checkChangeNearDeadline(content(CURRENT), withoutTimeline, new Date("2026-12-14T09:00:00Z"))).toEqual([]);
  });
});
