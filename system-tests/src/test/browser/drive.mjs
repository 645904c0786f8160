// Drives Debian's Chromium (headless) through the page: Keycloak's login form, then waits for the page's result
// and prints it as JSON. Usage: node drive.mjs <chromium> <allowedPageUrl> <refusedPageUrl> <user> <password>
import { chromium } from 'playwright-core';

const [executablePath, pageUrl, refusedUrl, user, password] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  headless: true,
  // a closed network: no background connections, no component updates (see the machine notes)
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const console_ = [];
try {
  const page = await browser.newPage();
  page.on('console', m => console_.push(m.type() + ': ' + m.text()));
  await page.goto(pageUrl);
  await page.waitForSelector('#username', { timeout: 60000 });
  const loginPage = page.url();
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('#kc-login');
  await page.waitForURL(url => url.toString().startsWith(pageUrl), { timeout: 60000 });
  await page.waitForFunction(() => window.testResult !== undefined, null, { timeout: 60000 });
  const allowed = await page.evaluate(() => window.testResult);

  const other = await browser.newPage();
  other.on('console', m => console_.push('refused page ' + m.type() + ': ' + m.text()));
  await other.goto(refusedUrl);
  await other.waitForFunction(() => window.testResult !== undefined, null, { timeout: 60000 });
  const refused = await other.evaluate(() => window.testResult);

  console.log(JSON.stringify({ loginPage, allowed, refused, console: console_ }));
} catch (e) {
  console.log(JSON.stringify({ failure: String(e), console: console_ }));
} finally {
  await browser.close();
}
