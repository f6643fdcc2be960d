export async function GET() {
  const ttl = Number(process.env.CART_TTL_MINUTES ?? "60");
  return Response.json({ expiredOlderThanMinutes: ttl });
}
