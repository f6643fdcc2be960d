# Staging starts from production and relaxes what it must.
require_relative "production"

Rails.application.configure do
  config.force_ssl = true
  # Mail is caught by letter_opener_web at /letter_opener; nothing leaves staging.
  config.action_mailer.delivery_method = :letter_opener_web
  config.action_mailer.default_url_options = { host: "staging.fieldnotes.example" }
end
