import { Worker } from "bullmq";
import { config } from "./config.js";
import { sendShiftReminder } from "./mailer.js";

// Sends tomorrow's shift reminders; enqueued by the API when shifts are published.
new Worker(
  "reminders",
  async (job) => sendShiftReminder(job.data.email, job.data.shift),
  { connection: { url: config.redisUrl } },
);
