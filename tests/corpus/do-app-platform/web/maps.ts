export const mapsKey = process.env.NEXT_PUBLIC_MAPS_KEY;
export const databaseUrl = process.env.DATABASE_URL!;
export const sessionSecret = process.env.SESSION_SECRET!;
