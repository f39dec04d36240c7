import type { Role } from "../identity/roles";

// Fictional organisations with valid-looking KvK numbers. Listed in the README.
export interface DemoOrganisation {
  key: string;
  kind: "languageSchool" | "volunteerOrganisation" | "publicBody";
  name: string;
  kvkNumber: string;
  street: string;
  postalCode: string;
  city: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

export const demoOrganisations: readonly DemoOrganisation[] = [
  { key: "werksaam", kind: "publicBody", name: "WerkSaam Westfriesland", kvkNumber: "62881231", street: "Dampten 1", postalCode: "1624 NV", city: "Hoorn", contactName: "Regionaal inburgeringsteam", contactEmail: "rit@werksaam.test", contactPhone: "0229 123 456" },
  { key: "taalhuis", kind: "languageSchool", name: "Taalinstituut De Horn", kvkNumber: "71234508", street: "Grote Noord 12", postalCode: "1621 KG", city: "Hoorn", contactName: "Marieke Bakker", contactEmail: "info@taalinstituut-dehorn.test", contactPhone: "0229 200 100" },
  { key: "zuiderzee", kind: "languageSchool", name: "Taalschool Zuiderzee", kvkNumber: "70345612", street: "Westerstraat 88", postalCode: "1601 AM", city: "Enkhuizen", contactName: "Ahmed El Idrissi", contactEmail: "contact@taalschool-zuiderzee.test", contactPhone: "0228 310 200" },
  { key: "lingua", kind: "languageSchool", name: "Lingua Westfriesland", kvkNumber: "69456723", street: "Dorpsstraat 5", postalCode: "1687 BL", city: "Wognum", contactName: "Sanne de Vries", contactEmail: "info@lingua-westfriesland.test", contactPhone: "0229 570 300" },
  { key: "taalmaatjes", kind: "volunteerOrganisation", name: "Stichting Taalmaatjes Westfriesland", kvkNumber: "68567834", street: "Kerkstraat 21", postalCode: "1611 BC", city: "Bovenkarspel", contactName: "Joke Schouten", contactEmail: "bestuur@taalmaatjes-wf.test", contactPhone: "0228 510 400" },
  { key: "samenthuis", kind: "volunteerOrganisation", name: "Stichting Samen Thuis", kvkNumber: "67678945", street: "Pade 3", postalCode: "1734 AB", city: "Opmeer", contactName: "Kees Dekker", contactEmail: "info@samenthuis.test", contactPhone: "0226 350 500" },
];

export interface DemoAccount {
  email: string;
  name: string;
  roles: Role[];
  organisationKey?: string;
  municipalityName?: string;
  /** What the README calls the account. */
  description: string;
}

/** The one password of every demo account; it exists only in the embedded demo database. */
export const DEMO_PASSWORD = "Westfriesland-demo-2026";

export const demoAccounts: readonly DemoAccount[] = [
  { email: "beheerder@westfriesland.test", name: "Bas Beheer", roles: ["admin"], description: "Beheerder" },
  { email: "projectgroep1@westfriesland.test", name: "Petra Jansen", roles: ["projectgroup", "contractManager"], description: "Projectgroep (ook contractmanager)" },
  { email: "projectgroep2@westfriesland.test", name: "Pieter de Groot", roles: ["projectgroup"], description: "Projectgroep" },
  { email: "beoordelaar1@westfriesland.test", name: "Bea Visser", roles: ["assessor"], description: "Beoordelaar" },
  { email: "beoordelaar2@westfriesland.test", name: "Bram Smit", roles: ["assessor"], description: "Beoordelaar" },
  { email: "contractmanager@westfriesland.test", name: "Carla Mulder", roles: ["contractManager"], description: "Contractmanager" },
  { email: "rit@werksaam.test", name: "Willem Kok", roles: ["supplier"], organisationKey: "werksaam", description: "Aanbieder: WerkSaam Westfriesland" },
  { email: "aanbieder@taalinstituut-dehorn.test", name: "Marieke Bakker", roles: ["supplier"], organisationKey: "taalhuis", description: "Aanbieder: Taalinstituut De Horn" },
  { email: "aanbieder@taalschool-zuiderzee.test", name: "Ahmed El Idrissi", roles: ["supplier"], organisationKey: "zuiderzee", description: "Aanbieder: Taalschool Zuiderzee" },
  { email: "aanbieder@lingua-westfriesland.test", name: "Sanne de Vries", roles: ["supplier"], organisationKey: "lingua", description: "Aanbieder: Lingua Westfriesland" },
  { email: "aanbieder@taalmaatjes-wf.test", name: "Joke Schouten", roles: ["supplier"], organisationKey: "taalmaatjes", description: "Aanbieder: Stichting Taalmaatjes Westfriesland" },
  { email: "aanbieder@samenthuis.test", name: "Kees Dekker", roles: ["supplier"], organisationKey: "samenthuis", description: "Aanbieder: Stichting Samen Thuis" },
  { email: "gemeente.hoorn@westfriesland.test", name: "Hanneke Hoorn", roles: ["municipalityViewer"], municipalityName: "Hoorn", description: "Gemeente Hoorn (alleen lezen)" },
  { email: "gemeente.opmeer@westfriesland.test", name: "Otto Opmeer", roles: ["municipalityViewer"], municipalityName: "Opmeer", description: "Gemeente Opmeer (alleen lezen)" },
];
