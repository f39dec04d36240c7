// The subset of OCDS 1.1 (release package, release, lots extension) this portal publishes.
// Optional fields are left out rather than set to null, so a missing field means "not published".

export type OcdsReleaseTag =
  | "planning"
  | "tender"
  | "tenderAmendment"
  | "tenderUpdate"
  | "tenderCancellation"
  | "award"
  | "awardUpdate"
  | "awardCancellation"
  | "contract"
  | "contractUpdate"
  | "contractAmendment"
  | "contractTermination";
export type OcdsTenderStatus = "active" | "cancelled" | "unsuccessful" | "complete";
export type OcdsAwardStatus = "pending" | "active" | "cancelled";
export type OcdsContractStatus = "pending" | "active" | "terminated";
export type OcdsMethod = "open" | "selective" | "limited" | "direct";
export type OcdsPartyRole = "buyer" | "procuringEntity" | "supplier";

export interface OcdsValue {
  amount: number;
  currency: "EUR";
}

export interface OcdsPeriod {
  startDate?: string;
  endDate?: string;
  maxExtentDate?: string;
}

export interface OcdsIdentifier {
  scheme: string;
  id: string;
  legalName: string;
}

export interface OcdsOrganizationReference {
  id: string;
  name: string;
}

export interface OcdsParty {
  id: string;
  name: string;
  identifier?: OcdsIdentifier;
  roles: OcdsPartyRole[];
}

export interface OcdsItem {
  id: string;
  description: string;
  relatedLot?: string;
}

export interface OcdsLot {
  id: string;
  title: string;
  description?: string;
  status: OcdsTenderStatus;
  value: OcdsValue;
  contractPeriod?: OcdsPeriod;
}

export interface OcdsTender {
  id: string;
  title: string;
  description?: string;
  status: OcdsTenderStatus;
  procuringEntity?: OcdsOrganizationReference;
  items?: OcdsItem[];
  value?: OcdsValue;
  procurementMethod?: OcdsMethod;
  procurementMethodDetails?: string;
  mainProcurementCategory: "services";
  awardCriteria?: string;
  awardCriteriaDetails?: string;
  submissionMethod?: string[];
  tenderPeriod?: OcdsPeriod;
  enquiryPeriod?: OcdsPeriod;
  awardPeriod?: OcdsPeriod;
  contractPeriod?: OcdsPeriod;
  numberOfTenderers?: number;
  lots?: OcdsLot[];
}

export interface OcdsPlanning {
  budget: { description: string; amount: OcdsValue };
}

export interface OcdsAward {
  id: string;
  title: string;
  description?: string;
  status: OcdsAwardStatus;
  date?: string;
  value?: OcdsValue;
  suppliers: OcdsOrganizationReference[];
  relatedLots?: string[];
}

export interface OcdsAmendment {
  id: string;
  date: string;
  rationale: string;
  description: string;
}

export interface OcdsContract {
  id: string;
  awardID: string;
  title: string;
  description?: string;
  status: OcdsContractStatus;
  period: OcdsPeriod;
  value: OcdsValue;
  amendments?: OcdsAmendment[];
}

export interface OcdsRelease {
  ocid: string;
  id: string;
  date: string;
  tag: OcdsReleaseTag[];
  initiationType: "tender";
  language: "nl";
  parties: OcdsParty[];
  buyer: OcdsOrganizationReference;
  planning?: OcdsPlanning;
  tender: OcdsTender;
  awards?: OcdsAward[];
  contracts?: OcdsContract[];
}

export interface OcdsReleasePackage {
  uri: string;
  version: "1.1";
  extensions: string[];
  publishedDate: string;
  publisher: { name: string };
  /** At least one: the package schema has `minItems: 1`. */
  releases: [OcdsRelease, ...OcdsRelease[]];
}
