import { deflateSync } from "node:zlib";
import AxeBuilder from "@axe-core/playwright";
import type { TestServer } from "@keyway/api/testing";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, signUpVendor, startBrowserSuite } from "./browser";

/**
 * A vendor gives a product a picture in the console: chooses a file, sees it as the store will
 * show it, and the store's card shows it (loaded, with the product's name as its text). A file
 * that is not a picture, or one too large, is refused in words under the control; the picture
 * is replaced and removed in the page. Nothing is blocked by the Content-Security-Policy.
 */

let suite: BrowserSuite;
let server: TestServer;
let page: Page;

beforeAll(async () => {
  suite = await startBrowserSuite("product-images", {
    context: { viewport: { width: 1280, height: 800 } },
    refuseDialogs: true,
  });
  ({ server, page } = suite);
}, 120_000);

afterAll(async () => {
  await suite?.close();
});

/** A real RGB PNG of `width` × `height`: a diagonal blend of two colours. */
function png(width: number, height: number, from: number[], to: number[]): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = (table[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      for (let i = 0; i < 3; i++) rows.push(Math.round((from[i] ?? 0) * (1 - t) + (to[i] ?? 0) * t));
    }
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const shot = (name: string) => suite.shot(name);
const control = (form: string, name: string) => page.locator(`form[aria-label="${form}"] [name="${name}"]`);
const pictureSection = () => page.locator("section.kc-product-image");
const fileInput = () => pictureSection().locator('input[type="file"]');

/** Whether an <img> has loaded real pixels. */
const loaded = (img: Locator) =>
  img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth);

async function seriousViolations(): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("a product's picture, from the console to the store", { timeout: 120_000 }, () => {
  const storeAddress = `pictures-${Date.now()}`;
  const product = "Chart Pack";

  it("signs a vendor up and creates an add-on, which has no picture yet", async () => {
    await signUpVendor(page, server.url, {
      storeName: "Picture Works",
      email: `owner-${Date.now()}@pictures.test`,
      password: "a-long-and-unguessable-passphrase",
      storeAddress,
    });
    await page.getByRole("link", { name: "Catalog" }).click();
    await page.getByRole("heading", { name: "Catalog" }).waitFor();
    await control("New product", "kind").selectOption("addon");
    await control("New product", "name").fill(product);
    await control("New product", "price").fill("499");
    await page.getByRole("button", { name: "Create product" }).click();
    const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: product, exact: true }) });
    await row.getByRole("button", { name: "Edit" }).click();
    await pictureSection().getByText("No picture").waitFor();
  });

  it("refuses a text file named .png, in words under the control", async () => {
    await fileInput().setInputFiles({
      name: "logo.png",
      mimeType: "image/png",
      buffer: Buffer.from("These are my release notes, not a picture.\n"),
    });
    const alert = pictureSection().getByRole("alert");
    await alert
      .filter({ hasText: "This file is not a picture: choose a PNG, JPEG or WebP picture." })
      .waitFor();
    expect(await fileInput().getAttribute("aria-invalid")).toBe("true");
    await shot("01-not-a-picture-refused");
  });

  it("refuses a file over 1 MB before sending it, in words", async () => {
    const big = Buffer.concat([png(2, 2, [0, 0, 0], [0, 0, 0]), Buffer.alloc(1024 * 1024 + 200 * 1024)]);
    await fileInput().setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: big });
    await pictureSection()
      .getByRole("alert")
      .filter({ hasText: "The picture is 1.2 MB; a product picture may be at most 1 MB." })
      .waitFor();
  });

  it("uploads a PNG and shows it as the store will", async () => {
    await fileInput().setInputFiles({
      name: "chart-pack.png",
      mimeType: "image/png",
      buffer: png(320, 180, [36, 83, 199], [14, 165, 164]),
    });
    await pictureSection().getByText("Picture saved: the store shows it now.").waitFor();
    const preview = pictureSection().getByRole("img", { name: product, exact: true });
    await expect.poll(() => loaded(preview)).toBe(320);
    expect(await pictureSection().getByRole("alert").count()).toBe(0);
    expect(await pictureSection().textContent()).toMatch(/Now: PNG, \d+ KB, 320 × 180 px\./);
    await shot("02-picture-uploaded");
    expect(await seriousViolations()).toEqual([]);
  });

  it("shows the picture on the store's card, loaded, named by the product", async () => {
    await page.goto(`${server.url}/${storeAddress}`);
    const picture = page.getByRole("img", { name: product, exact: true });
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => loaded(picture)).toBe(320);
    expect(await picture.getAttribute("loading")).toBe("lazy");
    // The box keeps its 16:9 shape whatever the picture: the card does not jump as it loads.
    const box = await page.locator(".product-picture").boundingBox();
    expect(box && Math.round((box.width / box.height) * 9)).toBe(16);
    await shot("03-store-card-with-picture");
    expect(await seriousViolations()).toEqual([]);
  });

  it("replaces the picture, then removes it after asking in the page; the store shows none", async () => {
    await page.goto(`${server.url}/console/catalog`);
    const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: product, exact: true }) });
    await row.getByRole("button", { name: "Edit" }).click();
    const before = await pictureSection().getByRole("img").getAttribute("src");
    await fileInput().setInputFiles({
      name: "chart-pack-2.png",
      mimeType: "image/png",
      buffer: png(200, 200, [168, 38, 27], [247, 144, 9]),
    });
    await expect.poll(() => pictureSection().getByRole("img").getAttribute("src")).not.toBe(before);
    await expect.poll(() => loaded(pictureSection().getByRole("img"))).toBe(200);

    await pictureSection().getByRole("button", { name: "Remove picture" }).click();
    await pictureSection().getByText("Remove this picture?").waitFor();
    await shot("04-remove-asks-first");
    await pictureSection().getByRole("button", { name: "Remove picture" }).click();
    await pictureSection().getByText("No picture").waitFor();

    await page.goto(`${server.url}/${storeAddress}`);
    await page.getByRole("heading", { name: product }).waitFor();
    expect(await page.locator(".product-picture").count()).toBe(0);
  });

  it("was never blocked by the Content-Security-Policy", () => {
    expect(suite.csp.violations).toEqual([]);
  });
});
