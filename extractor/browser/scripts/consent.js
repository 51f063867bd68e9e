// Consent walls, as the page shows them. One script, three questions (argument.mode):
//   "probe":   is there any sign of a consent manager? {managers: [...why], overlay: bool}. Cheap: a
//              few selector queries, the page's globals, and the style of the body's top-level boxes;
//   "dismiss": the generic rule. The first visible fixed or sticky box that speaks of cookies or
//              consent and holds a button: click its reject button where one exists, else its accept
//              button. {clicked, choice, text} or null. The box is remembered for "gone";
//   "gone":    is the box that "dismiss" clicked in hidden or removed now?
(argument) => {
  const KNOWN = [
    "#onetrust-consent-sdk", "#onetrust-banner-sdk", "#didomi-host", "#qc-cmp2-container",
    "#CybotCookiebotDialog", "#usercentrics-root", "#usercentrics-cmp-ui", "[id^='sp_message_container_']",
    "iframe[id^='sp_message_iframe_']", "#truste-consent-track", "#cmpbox", ".fc-consent-root",
    "[id*='cookie' i][id*='banner' i]", "[class*='cookie-consent' i]", "[id*='cookie-consent' i]",
    "[class*='cookieconsent' i]", "[id*='cookieconsent' i]", "[class*='consent-banner' i]",
    "[id*='consent-banner' i]", "[class*='gdpr' i]", "[id*='gdpr' i]",
    "iframe[src*='consent' i]", "iframe[src*='privacy-mgmt' i]", "iframe[src*='cmp' i]",
  ];
  const GLOBALS = ["__tcfapi", "__cmp", "OneTrust", "Didomi", "Cookiebot", "UC_UI", "_sp_", "__uspapi"];
  // what a consent notice talks about, in the languages of the pages we meet most
  const TOPIC = new RegExp(
    [
      "cookie", "consent", "gdpr", "privacy", "kuki", "persetujuan", "privasi", "datenschutz", "einwilligung",
      "consentement", "confidentialit", "rgpd", "privacidad", "consentimiento", "informativa", "riservatezza",
      "privacidade", "consentimento", "toestemming", "zgod", "prywatno", "samtycke", "suostumus", "согласи",
      "конфиденциальн", "kvkk", "çerez", "クッキー", "同意", "隐私", "개인정보",
    ].join("|"),
    "i",
  );
  const REJECT = new RegExp(
    "^(reject|decline|refuse|deny|disagree|i disagree|do not (accept|agree)|continue without|only (necessary|essential)|" +
      "necessary only|essential only|tolak|menolak|tidak setuju|ablehnen|alle ablehnen|nur notwendige|" +
      "refuser|tout refuser|continuer sans accepter|rechazar|rechazar todo|rifiuta|rifiuta tutto|rejeitar|" +
      "weigeren|alles weigeren|odrzuć|avvisa|hylkää|отклонить|reddet|拒否|拒绝|거부)",
    "i",
  );
  const ACCEPT = new RegExp(
    "^(accept|i accept|accept all|agree|i agree|allow|allow all|ok|okay|got it|i understand|understood|continue|" +
      "setuju|saya setuju|terima|saya terima|mengerti|oke|akzeptieren|alle akzeptieren|zustimmen|einverstanden|" +
      "accepter|j'accepte|tout accepter|aceptar|acepto|aceptar todo|accetta|accetto|accetta tutto|aceitar|" +
      "concordo|akkoord|accepteren|alles accepteren|zgadzam|akceptuj|godkänn|hyväksy|принять|согласен|" +
      "kabul|同意|接受|동의)",
    "i",
  );
  const visible = (element) => {
    const style = getComputedStyle(element);
    if (style.display === "none" || style.visibility === "hidden" || Number(style.opacity) === 0) return false;
    const box = element.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  };
  const floating = (element) => {
    const position = getComputedStyle(element).position;
    return position === "fixed" || position === "sticky";
  };
  const TOP_LEVEL = "body > *, body > * > *, [role='dialog'], [aria-modal='true'], dialog[open]";
  const overlays = () => {
    const found = [];
    for (const element of document.querySelectorAll(TOP_LEVEL)) {
      if (found.length >= 5) break;
      if (!(element instanceof HTMLElement) || found.some((outer) => outer.contains(element))) continue;
      const dialog = element.matches("[role='dialog'], [aria-modal='true'], dialog");
      if (!(dialog || floating(element)) || !visible(element)) continue;
      const text = element.textContent || "";
      if (text.length < 20000 && TOPIC.test(text)) found.push(element);
    }
    return found;
  };
  const label = (button) =>
    (button.innerText || button.value || button.getAttribute("aria-label") || "").replace(/\s+/g, " ").trim();
  const BUTTONS = "button, [role='button'], a, input[type='button'], input[type='submit']";
  const choose = (overlay) => {
    const buttons = [...overlay.querySelectorAll(BUTTONS)].filter((b) => label(b).length <= 40 && visible(b));
    for (const [choice, words] of [["reject", REJECT], ["accept", ACCEPT]]) {
      const button = buttons.find((b) => words.test(label(b)));
      if (button) return { button, choice };
    }
    return null;
  };
  const mode = argument && argument.mode;
  if (mode === "probe") {
    const managers = KNOWN.filter((selector) => document.querySelector(selector) !== null);
    for (const name of GLOBALS) if (name in window) managers.push(`window.${name}`);
    return { managers, overlay: document.body ? overlays().length > 0 : false };
  }
  if (mode === "dismiss") {
    for (const overlay of overlays()) {
      const chosen = choose(overlay);
      if (!chosen) continue;
      Object.defineProperty(window, "__extractorConsentOverlay", { value: overlay, configurable: true });
      chosen.button.click();
      return { choice: chosen.choice, text: label(chosen.button).slice(0, 60) };
    }
    return null;
  }
  if (mode === "gone") {
    const overlay = window.__extractorConsentOverlay;
    return !overlay || !overlay.isConnected || !visible(overlay);
  }
  return null;
}
