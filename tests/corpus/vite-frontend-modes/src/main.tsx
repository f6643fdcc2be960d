import * as Sentry from "@sentry/react";
import React from "react";
import ReactDOM from "react-dom/client";
import { App } from "./App";
import { config } from "./config";

async function start() {
  if (config.useMsw) {
    const { worker } = await import("./mocks/browser");
    await worker.start();
  }
  if (config.sentryDsn) {
    Sentry.init({ dsn: config.sentryDsn, tracesSampleRate: 0.2 });
  }
  ReactDOM.createRoot(document.getElementById("root")!).render(<App />);
}

start();
