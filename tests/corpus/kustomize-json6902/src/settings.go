package main

import "os"

type Settings struct {
	AdyenCheckoutURL      string
	InstantPayoutsEnabled bool
	LogLevel              string
}

func LoadSettings() Settings {
	return Settings{
		AdyenCheckoutURL:      os.Getenv("ADYEN_CHECKOUT_URL"),
		InstantPayoutsEnabled: os.Getenv("FEATURE_INSTANT_PAYOUTS") == "true",
		LogLevel:              getenvDefault("LOG_LEVEL", "info"),
	}
}

func getenvDefault(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}
