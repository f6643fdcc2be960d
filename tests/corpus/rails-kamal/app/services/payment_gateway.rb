class PaymentGateway
  def self.client
    @client ||= Braintree::Gateway.new(
      environment: ENV.fetch("BRAINTREE_ENVIRONMENT").to_sym,
      merchant_id: ENV.fetch("BRAINTREE_MERCHANT_ID"),
      public_key: Rails.application.credentials.dig(:braintree, :public_key),
      private_key: ENV.fetch("BRAINTREE_PRIVATE_KEY")
    )
  end
end
