import nodemailer from "nodemailer";
import { config } from "./config.js";

const transport = nodemailer.createTransport({ host: config.smtpHost, port: 587 });

export async function sendShiftReminder(to, shift) {
  if (config.emailsDisabled) {
    return { skipped: true };
  }
  return transport.sendMail({
    from: "rota@rota.example",
    to,
    subject: `Reminder: your shift on ${shift.date}`,
    text: `You are on ${shift.role} from ${shift.start} to ${shift.end}.`,
  });
}
