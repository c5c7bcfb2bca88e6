/**
 * @module bot/features/contact-point
 * The municipality's contact point as cards need it, taken from knowledge/municipality.yaml (settings, not code).
 */
import type { ContactPointSettings } from "../cards/check-cards.js";
import type { MunicipalitySettings } from "../../knowledge/topic-schema.js";

/** Name, phone and e-mail of the contact point from the municipality settings. */
export function contactPointSettings(settings: MunicipalitySettings): ContactPointSettings {
  return {
    contactPointName: settings.aanspreekpunt.naam,
    contactPointPhone: settings.aanspreekpunt.telefoon,
    contactPointEmail: settings.aanspreekpunt.email,
  };
}
