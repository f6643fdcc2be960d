package main

import (
	"os"
	"strconv"
)

type Config struct {
	DatabaseURL      string
	RedisURL         string
	MollieAPIKey     string
	HoldSeconds      int
	SeatMapCacheTTL  int
	WaitlistMailerOn bool
}

func loadConfig() Config {
	hold, _ := strconv.Atoi(os.Getenv("HOLD_SECONDS"))
	ttl, _ := strconv.Atoi(os.Getenv("SEAT_MAP_CACHE_TTL"))
	return Config{
		DatabaseURL:      os.Getenv("DATABASE_URL"),
		RedisURL:         os.Getenv("REDIS_URL"),
		MollieAPIKey:     os.Getenv("MOLLIE_API_KEY"),
		HoldSeconds:      hold,
		SeatMapCacheTTL:  ttl,
		WaitlistMailerOn: os.Getenv("WAITLIST_MAILER_ENABLED") == "true",
	}
}
