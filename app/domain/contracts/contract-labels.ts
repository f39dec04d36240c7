// Dutch names of the contract register's code values.
export const contractKindLabels = {
  tender: "Aanbesteding",
  openHouse: "Open house",
  subsidy: "Subsidie",
  serviceAgreement: "Dienstverleningsovereenkomst (DVO)",
} as const;

export const contractStatusLabels = {
  draft: "Concept",
  active: "Actief",
  ended: "Beëindigd",
  terminated: "Ontbonden",
} as const;

export const reportingFrequencyLabels = {
  quarterly: "Per kwartaal",
  halfYearly: "Per halfjaar",
  yearly: "Per jaar",
} as const;

export const paymentRuleLabels = {
  proportional: "Naar rato (behaald / doel, maximaal 100 %)",
  threshold: "Drempel (alles of niets)",
  banded: "Staffel (100 % bij gehaald, 50 % binnen 10 % van het doel)",
} as const;

/** Services in the contracts, glossary code names → Dutch. The DVO with WerkSaam uses the last six. */
export const contractServiceLabels = {
  b1Route: "B1-route",
  educationRoute: "Onderwijsroute",
  zRoute: "Z-route",
  map: "MAP",
  pvt: "PVT",
  knm: "KNM",
  intake: "Brede intake",
  pip: "PIP (Plan Inburgering en Participatie)",
  monitoring: "Monitoren voortgang",
  socialGuidance: "Maatschappelijke begeleiding",
  financialUnburdening: "Financieel ontzorgen",
  interpreting: "Tolken",
  languageBuddies: "Taalmaatjes en participatie (vrijwilligers)",
} as const;
export type ContractService = keyof typeof contractServiceLabels;

export const learningRouteLabels = { b1: "B1-route", education: "Onderwijsroute", z: "Z-route" } as const;
