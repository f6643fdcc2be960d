const express = require("express");
const pino = require("pino");
const config = require("./config");

const log = pino({ level: config.logLevel });
const app = express();

app.get("/healthz", (_req, res) => res.json({ ok: true }));

app.listen(config.port, () => log.info({ port: config.port }, "parcel tracker API listening"));
