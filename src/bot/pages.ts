/**
 * @module bot/pages
 * The two public pages the Teams manifest links to (privacy statement and terms), served by the bot itself so a
 * deployment needs no separate website. Plain Dutch; the municipality's own statement can replace them.
 */
import type restify from "restify";

const page = (title: string, paragraphs: string[]) =>
  `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${title}</title>` +
  `<meta name="viewport" content="width=device-width, initial-scale=1"></head>` +
  `<body style="font-family: sans-serif; max-width: 40rem; margin: 2rem auto; line-height: 1.5">` +
  `<h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join("")}</body></html>`;

const privacy = page("Privacy bij Signaalwijzer", [
  "Signaalwijzer is een hulpmiddel van de gemeente voor medewerkers die signalen van mensenhandel willen herkennen en melden.",
  "Bij een melding legt Signaalwijzer alleen vast wat het aanspreekpunt nodig heeft: de signalen, een korte feitelijke beschrijving, de plaats, wanneer het gezien is, en hoe de melder bereikbaar is. Een melding is te zien voor de leden van het Teams-kanaal van het aanspreekpunt en voor de coördinator die dienst heeft; de gemeente houdt dat kanaal besloten. Alleen coördinatoren kunnen een melding behandelen. Elke handeling op een melding wordt vastgelegd.",
  "Logbestanden bevatten geen berichtteksten en geen namen, wel technische kenmerken zoals meldingsnummers.",
  "Voor haar beleid telt de gemeente per maand hoeveel checks en meldingen er waren, met welk advies, van welke afdeling en welke signalen. Die tellingen bevatten geen namen, geen teksten en geen meldingsnummers. Aantallen kleiner dan vijf worden niet getoond.",
  "De gemeente bepaalt hoe lang meldingen en gesprekken bewaard worden; daarna verwijdert Signaalwijzer ze automatisch. Vragen over privacy: neem contact op met de functionaris gegevensbescherming van de gemeente.",
]);

const terms = page("Gebruiksvoorwaarden Signaalwijzer", [
  "Signaalwijzer geeft advies over een signaal, nooit een conclusie. Het aanspreekpunt beslist wat er met een melding gebeurt.",
  "Bij acuut gevaar: bel altijd eerst 112.",
  "Gebruik Signaalwijzer alleen voor je werk voor de gemeente en schrijf alleen feiten op die nodig zijn.",
]);

/** Mounts GET /privacy and GET /voorwaarden. */
export function mountPages(server: restify.Server): void {
  for (const [path, html] of [
    ["/privacy", privacy],
    ["/voorwaarden", terms],
  ] as const) {
    server.get(path, (_req, res, next) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(html);
      return next();
    });
  }
}
