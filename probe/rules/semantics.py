"""What a setting or variable means, recognised from its name: the vocabulary that lets one rule
read Helm values, tfvars, .env files and ConfigMaps alike. Patterns match the normalised key
(upper snake case, dots kept) so `logging.level`, `LOG_LEVEL` and `logLevel` meet."""

from __future__ import annotations

import re
from functools import lru_cache

CONCEPTS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern)
    for name, pattern in {
        "db_url": r"(^|[._])(DATABASE|DB|POSTGRES(QL)?|PG|MYSQL|MARIADB|MONGO(DB)?|SQL)"
        r"(_[A-Z]+)?_(URL|URI|DSN)$",
        "db_host": r"(^|[._])(DATABASE|DB|POSTGRES(QL)?|MYSQL|MONGO(DB)?)_(HOST|HOSTNAME|ADDR|"
        r"ENDPOINT|SERVER)$|(^|[._])PGHOST$|(DATABASE|DB)\.HOST$",
        "cache_host": r"(^|[._])(REDIS|CACHE|MEMCACHED?|VALKEY|ELASTICACHE|AMQP|RABBITMQ|BROKER|"
        r"CELERY_BROKER|KAFKA(_BROKERS)?|NATS|SQS_QUEUE)(_[A-Z]+)?_(URL|URI|HOST|"
        r"HOSTS|ADDR|ENDPOINT|SERVERS|BROKERS)$|(REDIS|CACHE)\.HOST$",
        "vpc": r"(^|[._])VPC(_ID|_NAME|_CIDR)?$|(^|[._])VPC_CIDR_BLOCK$|AWS_VPC\..*CIDR_BLOCK$",
        # a bare PROJECT / *_PROJECT_ID is too often something else (a job's sub-command, an
        # error tracker's project), and a service or storage account is no cloud account: only
        # cloud-prefixed projects, or PROJECT_ID on its own, count
        "account": r"(?<!SERVICE)(?<!STORAGE)(^|[._])(AWS_)?ACCOUNT(_ID)?$|"
        r"(^|[._])(GCP|GOOGLE|GOOGLE_CLOUD|GCLOUD)"
        r"[._]PROJECT(_ID)?$|(^|\.)PROJECT_ID$|SUBSCRIPTION_ID$|ALLOWED_ACCOUNT_IDS$",
        "cluster": r"(^|[._])(EKS_|GKE_|AKS_|K8S_|KUBE_)?CLUSTER(_NAME|_ID|_ARN)?$",
        "registry": r"(^|[._])(DOCKER_|CONTAINER_|IMAGE_|ECR_)?REGISTRY(_URL|_HOST)?$",
        "secrets_store": r"(^|[._])VAULT_(ADDR|ADDRESS|URL)$|SECRETS?_(STORE|MANAGER)(_[A-Z]+)?$|"
        r"KEY_VAULT(_NAME|_URL)?$",
        "workers": r"(^|[._])(WEB_CONCURRENCY|[A-Z]*_?WORKERS?(_COUNT|_NUM)?|[A-Z]*CONCURRENCY|"
        r"(MAX_|MIN_)?THREADS|PROCESSES)$",
        "pool": r"POOL(_SIZE|_MAX|_MIN)?$|MAX_CONNECTIONS$|CONNECTION_LIMIT$|MAX_POOL_SIZE$|"
        r"(^|[._])POOL\.(MAX|MIN|SIZE)$",
        "resources": r"RESOURCES\.(LIMITS|REQUESTS)\.(CPU|MEMORY)$",
        "db_class": r"(DB|RDS|DATABASE|POSTGRES|MYSQL|AURORA|SQL)[A-Z_.]*\.?(INSTANCE_CLASS|"
        r"INSTANCE_TYPE|TIER|NODE_TYPE|SKU(_NAME)?)$|(^|[._])INSTANCE_CLASS$",
        "db_storage": r"(ALLOCATED_STORAGE|STORAGE_SIZE|STORAGE_GB|DISK_SIZE(_GB)?|"
        r"PERSISTENCE\.SIZE|MAX_ALLOCATED_STORAGE)$",
        "db_engine": r"(^|[._])(DB_)?ENGINE$|(^|[._])DATABASE_VERSION$",
        "engine_version": r"ENGINE_VERSION$|DATABASE_VERSION$|CLUSTER_VERSION$|"
        r"KUBERNETES_VERSION$|(POSTGRES|MYSQL|REDIS)_VERSION$",
        "log_level": r"(^|[._])(LOG_?LEVEL|LOGGING_LEVEL|RUST_LOG|[A-Z]+_LOG_LEVEL|LOGGING\.LEVEL|"
        r"LOG\.LEVEL|LOGGER\.LEVEL)$",
        "log_retention": r"RETENTION_IN_DAYS$|LOG_?RETENTION(_DAYS|_PERIOD)?$|"
        r"(^|[._])RETENTION(_PERIOD|_DAYS)?$|LOGS?\.RETENTION(_[A-Z]+)?$",
        "trace_sample": r"TRACES?_SAMPLE_RATE$|TRACES?_SAMPLER_ARG$|TRACE_SAMPLING(_RATE)?$|"
        r"TRACES_SAMPLE_RATE$|SAMPLING\.TRACES?$|DD_TRACE_SAMPLE_RATE$",
        "error_sample": r"(^|[._])(SENTRY_|ERROR_|ERRORS_)?SAMPLE_RATE$|ERROR_SAMPLING(_RATE)?$",
        "error_tracking": r"SENTRY_DSN$|SENTRY\.DSN$|(^|[._])DSN$|BUGSNAG(_API)?_KEY$|"
        r"ROLLBAR(_ACCESS)?_TOKEN$|HONEYBADGER_API_KEY$|AIRBRAKE_PROJECT_KEY$|"
        r"RAYGUN_API_KEY$|SENTRY\.ENABLED$",
        "apm": r"OTEL_EXPORTER_OTLP(_TRACES)?_ENDPOINT$|DD_TRACE_ENABLED$|DD_AGENT_HOST$|"
        r"NEW_RELIC_LICENSE_KEY$|NEWRELIC_LICENSE_KEY$|ELASTIC_APM_SERVER_URL$|"
        r"JAEGER_(AGENT_HOST|ENDPOINT)$|HONEYCOMB_API_KEY$|TRACING\.ENABLED$|"
        r"(^|[._])APM\.ENABLED$|DATADOG_API_KEY$|DD_API_KEY$",
        "logs": r"LOKI_(URL|ENDPOINT)$|FLUENT(D|BIT)?_(HOST|URL)$|LOGDNA_KEY$|PAPERTRAIL_URL$|"
        r"DD_LOGS_ENABLED$|LOGTAIL_SOURCE_TOKEN$|AWS_CLOUDWATCH_LOG_GROUP\.|"
        r"LOG_GROUP(_NAME)?$|ELASTICSEARCH_LOGS?_URL$|LOGGING\.(DRIVER|ENDPOINT)$",
        "metrics": r"(^|[._])PROMETHEUS[A-Z_]*(_ENABLED|_URL|_PORT)?$|STATSD_(HOST|URL)$|"
        r"METRICS(\.|_)(ENABLED|PORT|ENDPOINT)$|DD_DOGSTATSD|SERVICEMONITOR",
        "deploy_host": r"(^|[._])(DEPLOY|SSH|DOCKER|SERVER|TARGET|REMOTE)_HOST(NAME)?$",
        "uptime": r"UPTIME|PINGDOM|CHECKLY|BETTER_?STACK|ROUTE53_HEALTH_CHECK|SYNTHETICS|"
        r"BLACKBOX|HEALTHCHECKS_IO",
    }.items()
}
DB_SCHEMES = {
    "postgres",
    "postgresql",
    "mysql",
    "mariadb",
    "mongodb",
    "mongodb+srv",
    "sqlserver",
    "mssql",
    "postgis",
    "cockroachdb",
    "sqlite",
    "sqlite3",
}


@lru_cache(maxsize=65536)
def normalise(key: str) -> str:
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key)
    return re.sub(r"[^A-Za-z0-9.]+", "_", snake).upper().strip("_")


@lru_cache(maxsize=65536)
def concepts_of(key: str) -> frozenset[str]:
    norm = normalise(key)
    return frozenset(name for name, pattern in CONCEPTS.items() if pattern.search(norm))
