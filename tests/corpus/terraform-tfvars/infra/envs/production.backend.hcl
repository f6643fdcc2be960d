bucket = "parceltrack-tfstate"
prefix = "tracker/production"
