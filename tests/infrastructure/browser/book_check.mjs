// Opens every page of the built book in headless Chromium and reports, as JSON on stdout:
// JavaScript errors, requests that tried to leave the machine, images without alt text or that
// failed to load, and whether moving a course widget's slider changes its figure.
// Usage: node book_check.mjs <base url> <screenshot dir> <page> [<page> ...]
import { chromium } from "playwright-core";

const [base, shots, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const dark = process.env.COLOR_SCHEME === "dark";
const context = await browser.newContext({ viewport: { width: 1200, height: 900 },
                                           colorScheme: dark ? "dark" : "light" });
const report = { pages: {}, external: [] };
await context.route("**/*", (route) => {
  const url = new URL(route.request().url());
  if (url.protocol === "data:" || url.hostname === "127.0.0.1" || url.hostname === "localhost") {
    return route.continue();
  }
  report.external.push(route.request().url());
  return route.abort();
});

for (const path of pages) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(`${base}/${path}`, { waitUntil: "load" });
  await page.waitForTimeout(300);
  const images = await page.$$eval("main img", (imgs) => imgs.map((i) => ({
    src: i.getAttribute("src").slice(0, 60), alt: i.getAttribute("alt") || "",
    loaded: i.complete && i.naturalWidth > 0 })));
  const theme = await page.evaluate(() => document.documentElement.dataset.theme || "");
  const result = { errors, images, theme, sliders: [] };
  for (const explorer of await page.$$(".dlcourse-explorer")) {
    const slider = await explorer.$("input[type=range]");
    const before = await explorer.$eval("img", (i) => i.src);
    await slider.focus();  // keyboard only, as a reader without a mouse would
    const start = await slider.inputValue();
    await page.keyboard.press("ArrowRight");
    if ((await slider.inputValue()) === start) await page.keyboard.press("ArrowLeft");
    const after = await explorer.$eval("img", (i) => i.src);
    result.sliders.push({ changed: before !== after });
  }
  report.pages[path] = result;
  if (shots) {
    await page.screenshot({ path: `${shots}/${path.replace(/\//g, "_")}.png`, fullPage: false });
  }
  await page.close();
}
await browser.close();
console.log(JSON.stringify(report));
