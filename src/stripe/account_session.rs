//! `AccountSession` (`"object": "account_session"`) and its 21 embedded
//! components.

use super::{display_json, Timestamp, REDACTED};
use crate::object;

object! {
    /// Grants a Connect platform access to a connected account in Connect
    /// embedded components. `Debug` and `Display` redact `client_secret`
    /// ([`REDACTED`](super::REDACTED)); `streamde::to_string` writes it.
    #[derive(Clone, PartialEq)]
    pub struct AccountSession => AccountSessionBuilder, tag "object" = "account_session", impl serde {
        /// The ID of the account the AccountSession was created for.
        pub account: String,
        /// Client secret giving the frontend access to the account. Never log it.
        pub client_secret: String,
        /// The embedded components this session enables.
        pub components: ConnectEmbeddedAccountSessionCreateComponents,
        /// When this AccountSession expires.
        pub expires_at: Timestamp,
        /// Live mode (`true`) or test mode (`false`).
        pub livemode: bool,
    }
}

impl std::fmt::Debug for AccountSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountSession")
            .field("account", &self.account)
            .field("client_secret", &"[redacted]")
            .field("components", &self.components)
            .field("expires_at", &self.expires_at)
            .field("livemode", &self.livemode)
            .finish()
    }
}

display_json!(AccountSession; redact s => {
    s.client_secret = REDACTED.to_owned();
});

object! {
    /// The components of an account session, one configuration each.
    #[derive(Debug, Clone, PartialEq)]
    pub struct ConnectEmbeddedAccountSessionCreateComponents => ConnectEmbeddedAccountSessionCreateComponentsBuilder, impl serde {
        /// Account management.
        pub account_management: ConnectEmbeddedAccountConfigClaim,
        /// Account onboarding.
        pub account_onboarding: ConnectEmbeddedAccountConfigClaim,
        /// Balance report.
        pub balance_report: ConnectEmbeddedBaseConfigClaim,
        /// Balances.
        pub balances: ConnectEmbeddedPayoutsConfig,
        /// Disputes list.
        pub disputes_list: ConnectEmbeddedDisputesListConfig,
        /// Documents.
        pub documents: ConnectEmbeddedBaseConfigClaim,
        /// Financial account.
        pub financial_account: ConnectEmbeddedFinancialAccountConfigClaim,
        /// Financial account transactions.
        pub financial_account_transactions: ConnectEmbeddedFinancialAccountTransactionsConfigClaim,
        /// Instant payouts promotion.
        pub instant_payouts_promotion: ConnectEmbeddedInstantPayoutsPromotionConfig,
        /// Issuing card.
        pub issuing_card: ConnectEmbeddedIssuingCardConfigClaim,
        /// Issuing cards list.
        pub issuing_cards_list: ConnectEmbeddedIssuingCardsListConfigClaim,
        /// Notification banner.
        pub notification_banner: ConnectEmbeddedAccountConfigClaim,
        /// Payment details.
        pub payment_details: ConnectEmbeddedPaymentsConfigClaim,
        /// Payment disputes.
        pub payment_disputes: ConnectEmbeddedPaymentDisputesConfig,
        /// Payments.
        pub payments: ConnectEmbeddedPaymentsConfigClaim,
        /// Payout details.
        pub payout_details: ConnectEmbeddedBaseConfigClaim,
        /// Payout reconciliation report.
        pub payout_reconciliation_report: ConnectEmbeddedBaseConfigClaim,
        /// Payouts.
        pub payouts: ConnectEmbeddedPayoutsConfig,
        /// Payouts list.
        pub payouts_list: ConnectEmbeddedBaseConfigClaim,
        /// Tax registrations.
        pub tax_registrations: ConnectEmbeddedBaseConfigClaim,
        /// Tax settings.
        pub tax_settings: ConnectEmbeddedBaseConfigClaim,
    }
}

/// Declares one component configuration (`{enabled, features}`) and its
/// feature flags (all `bool`, all required).
macro_rules! component {
    ($(#[$doc:meta])* $config:ident => $cb:ident, $features:ident => $fb:ident { $($flag:ident),* $(,)? }) => {
        object! {
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq)]
            pub struct $config => $cb, impl serde {
                /// Whether the embedded component is enabled.
                pub enabled: bool,
                /// The features of the component.
                pub features: $features,
            }
        }
        object! {
            #[doc = concat!("Feature flags of [`", stringify!($config), "`].")]
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct $features => $fb, impl serde {
                $(
                    #[doc = concat!("The `", stringify!($flag), "` feature.")]
                    pub $flag: bool,
                )*
            }
        }
        display_json!($config, $features);
    };
}

component!(
    /// Configuration of account_management, account_onboarding and notification_banner.
    ConnectEmbeddedAccountConfigClaim => ConnectEmbeddedAccountConfigClaimBuilder,
    ConnectEmbeddedAccountFeaturesClaim => ConnectEmbeddedAccountFeaturesClaimBuilder {
        disable_stripe_user_authentication, external_account_collection,
    }
);
component!(
    /// Configuration of components with no features (`"features": {}`).
    ConnectEmbeddedBaseConfigClaim => ConnectEmbeddedBaseConfigClaimBuilder,
    ConnectEmbeddedBaseFeatures => ConnectEmbeddedBaseFeaturesBuilder {}
);
component!(
    /// Configuration of balances and payouts.
    ConnectEmbeddedPayoutsConfig => ConnectEmbeddedPayoutsConfigBuilder,
    ConnectEmbeddedPayoutsFeatures => ConnectEmbeddedPayoutsFeaturesBuilder {
        disable_stripe_user_authentication, edit_payout_schedule, external_account_collection,
        instant_payouts, standard_payouts,
    }
);
component!(
    /// Configuration of disputes_list.
    ConnectEmbeddedDisputesListConfig => ConnectEmbeddedDisputesListConfigBuilder,
    ConnectEmbeddedDisputesListFeatures => ConnectEmbeddedDisputesListFeaturesBuilder {
        capture_payments, destination_on_behalf_of_charge_management, dispute_management,
        refund_management,
    }
);
component!(
    /// Configuration of payment_details and payments.
    ConnectEmbeddedPaymentsConfigClaim => ConnectEmbeddedPaymentsConfigClaimBuilder,
    ConnectEmbeddedPaymentsFeatures => ConnectEmbeddedPaymentsFeaturesBuilder {
        capture_payments, destination_on_behalf_of_charge_management, dispute_management,
        refund_management,
    }
);
component!(
    /// Configuration of payment_disputes.
    ConnectEmbeddedPaymentDisputesConfig => ConnectEmbeddedPaymentDisputesConfigBuilder,
    ConnectEmbeddedPaymentDisputesFeatures => ConnectEmbeddedPaymentDisputesFeaturesBuilder {
        destination_on_behalf_of_charge_management, dispute_management, refund_management,
    }
);
component!(
    /// Configuration of financial_account.
    ConnectEmbeddedFinancialAccountConfigClaim => ConnectEmbeddedFinancialAccountConfigClaimBuilder,
    ConnectEmbeddedFinancialAccountFeatures => ConnectEmbeddedFinancialAccountFeaturesBuilder {
        disable_stripe_user_authentication, external_account_collection, send_money,
        transfer_balance,
    }
);
component!(
    /// Configuration of financial_account_transactions.
    ConnectEmbeddedFinancialAccountTransactionsConfigClaim
        => ConnectEmbeddedFinancialAccountTransactionsConfigClaimBuilder,
    ConnectEmbeddedFinancialAccountTransactionsFeatures
        => ConnectEmbeddedFinancialAccountTransactionsFeaturesBuilder {
        card_spend_dispute_management,
    }
);
component!(
    /// Configuration of instant_payouts_promotion.
    ConnectEmbeddedInstantPayoutsPromotionConfig => ConnectEmbeddedInstantPayoutsPromotionConfigBuilder,
    ConnectEmbeddedInstantPayoutsPromotionFeatures => ConnectEmbeddedInstantPayoutsPromotionFeaturesBuilder {
        disable_stripe_user_authentication, external_account_collection, instant_payouts,
    }
);
component!(
    /// Configuration of issuing_card.
    ConnectEmbeddedIssuingCardConfigClaim => ConnectEmbeddedIssuingCardConfigClaimBuilder,
    ConnectEmbeddedIssuingCardFeatures => ConnectEmbeddedIssuingCardFeaturesBuilder {
        card_management, card_spend_dispute_management, cardholder_management,
        spend_control_management,
    }
);
component!(
    /// Configuration of issuing_cards_list.
    ConnectEmbeddedIssuingCardsListConfigClaim => ConnectEmbeddedIssuingCardsListConfigClaimBuilder,
    ConnectEmbeddedIssuingCardsListFeatures => ConnectEmbeddedIssuingCardsListFeaturesBuilder {
        card_management, card_spend_dispute_management, cardholder_management,
        disable_stripe_user_authentication, spend_control_management,
    }
);

display_json!(ConnectEmbeddedAccountSessionCreateComponents);
