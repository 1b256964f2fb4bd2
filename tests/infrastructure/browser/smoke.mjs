// Drive JupyterLab in Debian's headless Chromium: open a notebook, run all its cells from the
// Run menu, and report what rendered. Usage: node smoke.mjs '<json options>'
//   {"url": ".../lab/tree/x.ipynb?token=...", "screenshot": "out.png",
//    "wantText": "regex a cell output must match", "wantWidget": true, "timeoutMs": 120000}
// Prints one JSON line: {ok, widget, text, errors, kernel}.
import { chromium } from "playwright-core";

const opts = JSON.parse(process.argv[2]);
const timeout = opts.timeoutMs ?? 120000;
const { mkdtempSync } = await import("node:fs");
const { tmpdir } = await import("node:os");
const { join } = await import("node:path");
const profile = mkdtempSync(join(tmpdir(), "dlcourse-chromium-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = { ok: false, widget: false, text: "", errors: [], kernel: "" };
const page = browser.pages()[0] ?? (await browser.newPage());
page.on("pageerror", (e) => result.errors.push(String(e)));
try {
  await page.goto(opts.url, { waitUntil: "domcontentloaded", timeout });
  await page.locator(".jp-NotebookPanel .jp-Cell").first().waitFor({ timeout });
  // A "Select Kernel" dialog (when the notebook's kernel is ambiguous): take the proposed one.
  const dialog = page.locator(".jp-Dialog .jp-mod-accept");
  await dialog.waitFor({ timeout: 5000 }).then(() => dialog.click()).catch(() => {});
  // The kernel must be up before "Run All" (the toolbar's indicator says Idle).
  await page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']")
    .first().waitFor({ timeout }).catch(() => {});
  // Run All from the menu. On a busy machine the first click can come before the kernel's
  // connection is ready and run nothing: then the prompts stay "[ ]", and we click again.
  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
    const started = await page.waitForFunction(() =>
      [...document.querySelectorAll(".jp-NotebookPanel .jp-InputArea-prompt")]
        .some((p) => /\[(\d+|\*)\]/.test(p.textContent)), null, { timeout: 30000 })
      .then(() => true).catch(() => false);
    if (started) break;
    result.errors.push(`Run All ran nothing (attempt ${attempt}); trying again`);
  }
  if (opts.wantWidget) {
    await page.locator(".jp-OutputArea-output .widget-slider, .jp-OutputArea-output .jupyter-widgets")
      .first().waitFor({ timeout });
    result.widget = true;
  }
  const want = new RegExp(opts.wantText ?? ".");
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const outputs = await page.locator(".jp-OutputArea-output").allInnerTexts();
    const hit = outputs.find((t) => want.test(t));
    if (hit) { result.text = hit.trim(); break; }
    await page.waitForTimeout(500);
  }
  result.kernel = await page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator")
    .first().getAttribute("data-status").catch(() => "");
  result.ok = result.text !== "" && (!opts.wantWidget || result.widget);
} catch (error) {
  result.errors.push(String(error));
} finally {
  if (opts.screenshot) await page.screenshot({ path: opts.screenshot, fullPage: true }).catch(() => {});
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
