bucket = "parceltrack-tfstate"
prefix = "tracker/staging"
