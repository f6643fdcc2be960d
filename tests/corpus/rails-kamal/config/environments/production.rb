require "active_support/core_ext/integer/time"

Rails.application.configure do
  config.enable_reloading = false
  config.eager_load = true
  config.consider_all_requests_local = false
  config.force_ssl = true
  config.log_level = ENV.fetch("RAILS_LOG_LEVEL", "info")
  config.active_job.queue_adapter = :solid_queue
  config.solid_queue.connects_to = { database: { writing: :queue } }

  config.action_mailer.delivery_method = :smtp
  config.action_mailer.smtp_settings = {
    address: "smtp.postmarkapp.com",
    port: 587,
    user_name: Rails.application.credentials.dig(:postmark, :token),
    password: Rails.application.credentials.dig(:postmark, :token)
  }
  config.action_mailer.default_url_options = { host: "app.fieldnotes.example" }

  config.x.reports_enabled = ENV["ENABLE_REPORTS"].present?
end
