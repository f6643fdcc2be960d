const required = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

module.exports = {
  databaseUrl: required("DATABASE_URL"),
  redisUrl: required("REDIS_URL"),
  jwtSecret: required("JWT_SECRET"),
  mailTransport: process.env.MAIL_TRANSPORT || "console",
  awsRegion: process.env.AWS_REGION || "eu-west-1",
  logLevel: process.env.LOG_LEVEL || "info",
  port: Number(process.env.PORT || 3000),
};
