//! The same typed models for every peer: serde derive (serde_json, sonic-rs,
//! simd-json) and miniserde derive, each with its own JSON value type where
//! the model has `Value`. Unknown keys are ignored by every peer.

#![allow(dead_code)]

macro_rules! features {
    ($derive:path, $name:ident { $($flag:ident),* }) => {
        #[derive($derive)]
        pub struct $name { $(pub $flag: bool,)* }
    };
}

macro_rules! config {
    ($derive:path, $name:ident, $features:ident) => {
        #[derive($derive)]
        pub struct $name {
            pub enabled: bool,
            pub features: $features,
        }
    };
}

macro_rules! mirror {
    ($module:ident, $derive:path, $value:ty) => {
        pub mod $module {
            features!(
                $derive,
                AccountFeatures {
                    disable_stripe_user_authentication,
                    external_account_collection
                }
            );
            features!($derive, BaseFeatures {});
            features!(
                $derive,
                PayoutsFeatures {
                    disable_stripe_user_authentication,
                    edit_payout_schedule,
                    external_account_collection,
                    instant_payouts,
                    standard_payouts
                }
            );
            features!(
                $derive,
                DisputesListFeatures {
                    capture_payments,
                    destination_on_behalf_of_charge_management,
                    dispute_management,
                    refund_management
                }
            );
            features!(
                $derive,
                PaymentsFeatures {
                    capture_payments,
                    destination_on_behalf_of_charge_management,
                    dispute_management,
                    refund_management
                }
            );
            features!(
                $derive,
                PaymentDisputesFeatures {
                    destination_on_behalf_of_charge_management,
                    dispute_management,
                    refund_management
                }
            );
            features!(
                $derive,
                FinancialAccountFeatures {
                    disable_stripe_user_authentication,
                    external_account_collection,
                    send_money,
                    transfer_balance
                }
            );
            features!(
                $derive,
                FinancialAccountTransactionsFeatures {
                    card_spend_dispute_management
                }
            );
            features!(
                $derive,
                InstantPayoutsPromotionFeatures {
                    disable_stripe_user_authentication,
                    external_account_collection,
                    instant_payouts
                }
            );
            features!(
                $derive,
                IssuingCardFeatures {
                    card_management,
                    card_spend_dispute_management,
                    cardholder_management,
                    spend_control_management
                }
            );
            features!(
                $derive,
                IssuingCardsListFeatures {
                    card_management,
                    card_spend_dispute_management,
                    cardholder_management,
                    disable_stripe_user_authentication,
                    spend_control_management
                }
            );
            config!($derive, AccountConfig, AccountFeatures);
            config!($derive, BaseConfig, BaseFeatures);
            config!($derive, PayoutsConfig, PayoutsFeatures);
            config!($derive, DisputesListConfig, DisputesListFeatures);
            config!($derive, PaymentsConfig, PaymentsFeatures);
            config!($derive, PaymentDisputesConfig, PaymentDisputesFeatures);
            config!($derive, FinancialAccountConfig, FinancialAccountFeatures);
            config!(
                $derive,
                FinancialAccountTransactionsConfig,
                FinancialAccountTransactionsFeatures
            );
            config!(
                $derive,
                InstantPayoutsPromotionConfig,
                InstantPayoutsPromotionFeatures
            );
            config!($derive, IssuingCardConfig, IssuingCardFeatures);
            config!($derive, IssuingCardsListConfig, IssuingCardsListFeatures);

            #[derive($derive)]
            pub struct Components {
                pub account_management: AccountConfig,
                pub account_onboarding: AccountConfig,
                pub balance_report: BaseConfig,
                pub balances: PayoutsConfig,
                pub disputes_list: DisputesListConfig,
                pub documents: BaseConfig,
                pub financial_account: FinancialAccountConfig,
                pub financial_account_transactions: FinancialAccountTransactionsConfig,
                pub instant_payouts_promotion: InstantPayoutsPromotionConfig,
                pub issuing_card: IssuingCardConfig,
                pub issuing_cards_list: IssuingCardsListConfig,
                pub notification_banner: AccountConfig,
                pub payment_details: PaymentsConfig,
                pub payment_disputes: PaymentDisputesConfig,
                pub payments: PaymentsConfig,
                pub payout_details: BaseConfig,
                pub payout_reconciliation_report: BaseConfig,
                pub payouts: PayoutsConfig,
                pub payouts_list: BaseConfig,
                pub tax_registrations: BaseConfig,
                pub tax_settings: BaseConfig,
            }

            #[derive($derive)]
            pub struct AccountSession {
                pub account: String,
                pub client_secret: String,
                pub components: Components,
                pub expires_at: i64,
                pub livemode: bool,
            }

            #[derive($derive)]
            pub struct IdentityVerificationSession {
                pub client_secret: Option<String>,
                pub created: i64,
                pub id: String,
                pub last_error: Option<$value>,
                pub last_verification_report: Option<$value>,
                pub livemode: bool,
                pub metadata: $value,
                pub object: String,
                pub options: Option<$value>,
                pub redaction: Option<$value>,
                pub status: String,
                #[serde(rename = "type")]
                pub type_: Option<String>,
                pub url: Option<String>,
                pub verified_outputs: Option<$value>,
            }

            #[derive($derive)]
            pub struct List<T> {
                pub object: String,
                pub data: Vec<T>,
                pub has_more: bool,
                pub url: String,
            }

            pub type AccountSessionList = List<AccountSession>;
            pub type VerificationSessionList = List<IdentityVerificationSession>;
        }
    };
}

mirror!(sj, serde::Deserialize, serde_json::Value);
mirror!(sonic, serde::Deserialize, sonic_rs::Value);
mirror!(simd, serde::Deserialize, simd_json::OwnedValue);
mirror!(mini, miniserde::Deserialize, miniserde::json::Value);
