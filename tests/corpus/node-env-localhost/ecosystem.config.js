// pm2 on the production VM: one process per core in cluster mode.
module.exports = {
  apps: [
    {
      name: "parcel-tracker-api",
      script: "src/server.js",
      instances: 4,
      exec_mode: "cluster",
      env_production: {
        NODE_ENV: "production",
      },
    },
  ],
};
