#!/usr/bin/env node
// Makes the Teams app package: fills manifest.json's placeholders, checks the result against the Teams
// manifest's rules, and zips it with the two icons (no folder inside the zip).
//
//   MICROSOFT_APP_ID=… ORGANISATION_NAME=… ORGANISATION_WEBSITE=https://… BOT_DOMAIN=bot.example.org \
//     node teams/package.mjs [output.zip]
//
// The official schema (developer.microsoft.com/json-schemas/teams/v1.17) can't be downloaded here and no npm
// package ships it, so checkManifest below is a focused checker of the schema's required fields, formats and
// length limits for what this manifest uses. Plain Node: no packages, and its own small zip writer.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const placeholders = ["MICROSOFT_APP_ID", "ORGANISATION_NAME", "ORGANISATION_WEBSITE", "BOT_DOMAIN"];

export function fill(template, values) {
  return template.replace(/\$\{([A-Z_]+)\}/g, (whole, name) => {
    if (!(name in values) || values[name] === undefined || values[name] === "") {
      throw new Error(`${name} is not set; it fills \${${name}} in manifest.json.`);
    }
    return JSON.stringify(values[name]).slice(1, -1);
  });
}

const guid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const https = /^https:\/\/[^\s/$.?#][^\s]*$/;
const domain = /^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}(:\d+)?$/;
const scopes = ["personal", "team", "groupChat"];

export function checkManifest(m, icons) {
  const problems = [];
  const need = (ok, message) => { if (!ok) problems.push(message); };
  const text = (value, max, where) => need(typeof value === "string" && value.trim().length > 0 && value.length <= max, `${where} must be 1 to ${max} characters.`);

  need(m.manifestVersion === "1.17", "manifestVersion must be 1.17 (the schema this manifest names).");
  need(/^\d+\.\d+\.\d+$/.test(m.version ?? ""), "version must be major.minor.patch.");
  need(guid.test(m.id ?? ""), "id must be the bot's Microsoft App ID (a GUID).");
  text(m.developer?.name, 32, "developer.name");
  for (const url of ["websiteUrl", "privacyUrl", "termsOfUseUrl"]) {
    need(https.test(m.developer?.[url] ?? "") && m.developer[url].length <= 2048, `developer.${url} must be an https URL.`);
  }
  text(m.name?.short, 30, "name.short");
  text(m.name?.full, 100, "name.full");
  text(m.description?.short, 80, "description.short");
  text(m.description?.full, 4000, "description.full");
  need(/^#[0-9a-fA-F]{6}$/.test(m.accentColor ?? ""), "accentColor must be a colour like #2E7D76.");
  need(m.icons?.color === "color.png" && m.icons?.outline === "outline.png", "icons must be color.png and outline.png.");
  need(icons.color?.width === 192 && icons.color?.height === 192, "color.png must be 192 x 192 pixels.");
  need(icons.outline?.width === 32 && icons.outline?.height === 32, "outline.png must be 32 x 32 pixels.");

  need(Array.isArray(m.bots) && m.bots.length === 1, "bots must hold exactly one bot.");
  for (const bot of m.bots ?? []) {
    need(bot.botId === m.id, "bots[0].botId must be the same App ID as id.");
    need(Array.isArray(bot.scopes) && bot.scopes.length > 0 && bot.scopes.every(s => scopes.includes(s)), "bots[0].scopes must be some of personal, team, groupChat.");
    need(Array.isArray(bot.commandLists) && bot.commandLists.length <= 3, "bots[0].commandLists may hold at most 3 lists.");
    const listed = new Set();
    for (const list of bot.commandLists ?? []) {
      need(Array.isArray(list.scopes) && list.scopes.length > 0 && list.scopes.every(s => bot.scopes.includes(s)), "each command list's scopes must be scopes of the bot.");
      for (const s of list.scopes ?? []) {
        need(!listed.has(s), `scope ${s} has more than one command list.`);
        listed.add(s);
      }
      need(Array.isArray(list.commands) && list.commands.length > 0 && list.commands.length <= 10, "a command list holds 1 to 10 commands.");
      for (const c of list.commands ?? []) {
        text(c.title, 32, `command "${c.title}" title`);
        text(c.description, 128, `command "${c.title}" description`);
      }
    }
  }
  need(Array.isArray(m.permissions) && m.permissions.every(p => ["identity", "messageTeamMembers"].includes(p)), "permissions may be identity and messageTeamMembers.");
  need(Array.isArray(m.validDomains) && m.validDomains.length <= 16 && m.validDomains.every(d => typeof d === "string" && d.length <= 2048 && domain.test(d)), "validDomains must be domain names (no https://, no paths).");
  const leftover = JSON.stringify(m).match(/\$\{[A-Z_]+\}/);
  need(!leftover, `placeholder ${leftover?.[0]} is still in the manifest.`);
  return problems;
}

/** Width and height from a PNG's header (IHDR), or null when it isn't a PNG. */
export function pngSize(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || !signature.every((b, i) => bytes[i] === b) || bytes.toString("ascii", 12, 16) !== "IHDR") {
    return null;
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = bytes => {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A zip of flat entries ({ name, bytes }), deflated: all the package needs. */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, bytes } of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const data = deflateRawSync(bytes);
    const crc = crc32(bytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0x00210000, 10); local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(bytes.length, 22);
    local.writeUInt16LE(nameBytes.length, 26); local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10); central.writeUInt32LE(0x00210000, 12); central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(bytes.length, 24); central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function main() {
  const output = resolve(process.argv[2] ?? join(here, "..", "attunementbot-teams.zip"));
  const values = Object.fromEntries(placeholders.map(name => [name, process.env[name]]));
  const manifestText = fill(readFileSync(join(here, "manifest.json"), "utf8"), values);
  const manifest = JSON.parse(manifestText);
  const color = readFileSync(join(here, "color.png"));
  const outline = readFileSync(join(here, "outline.png"));
  const problems = checkManifest(manifest, { color: pngSize(color), outline: pngSize(outline) });
  if (problems.length > 0) {
    console.error("The Teams manifest isn't ready yet:\n- " + problems.join("\n- "));
    process.exit(1);
  }
  writeFileSync(output, zip([
    { name: "manifest.json", bytes: Buffer.from(manifestText, "utf8") },
    { name: "color.png", bytes: color },
    { name: "outline.png", bytes: outline },
  ]));
  console.log(`Teams app package written to ${output}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
