//! Diesel table definitions, written to match both migration folders.

diesel::table! {
    regions (code) {
        code -> Text,
        name -> Text,
        search_text -> Text,
        overseas -> Bool,
    }
}

diesel::table! {
    departements (code) {
        code -> Text,
        name -> Text,
        search_text -> Text,
        region_code -> Text,
    }
}

diesel::table! {
    epcis (code) {
        code -> Text,
        name -> Text,
        search_text -> Text,
        kind -> Text,
    }
}

diesel::table! {
    epci_departements (epci_code, departement_code) {
        epci_code -> Text,
        departement_code -> Text,
    }
}

diesel::table! {
    cities (code) {
        code -> Text,
        name -> Text,
        search_text -> Text,
        departement_code -> Text,
        region_code -> Text,
        epci_code -> Nullable<Text>,
        main_code -> Nullable<Text>,
        population -> Nullable<Integer>,
    }
}

diesel::table! {
    geography_vintage (id) {
        id -> Integer,
        source -> Text,
        loaded_at -> Timestamp,
    }
}

diesel::table! {
    organization_types (id) {
        id -> Integer,
        uid -> Text,
        category -> Text,
        name_singular -> Text,
        name_plural -> Text,
        abbreviation -> Nullable<Text>,
        default_role -> Text,
        position -> Integer,
    }
}

diesel::table! {
    organizations (id) {
        id -> Integer,
        name -> Text,
        abbreviation -> Nullable<Text>,
        type_id -> Integer,
        location_type -> Text,
        region_code -> Nullable<Text>,
        departement_code -> Nullable<Text>,
        epci_code -> Nullable<Text>,
        city_code -> Nullable<Text>,
        active -> Bool,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        email -> Text,
        password_hash -> Nullable<Text>,
        first_name -> Text,
        last_name -> Text,
        phone -> Nullable<Text>,
        position -> Text,
        organization_id -> Integer,
        role -> Text,
        admin_role -> Nullable<Text>,
        status -> Text,
        access_request_message -> Nullable<Text>,
        access_refused_at -> Nullable<Timestamp>,
        use_custom_areas -> Bool,
        charter_version -> Nullable<Integer>,
        charter_accepted_at -> Nullable<Timestamp>,
        admin_comments -> Nullable<Text>,
        last_sign_in_at -> Nullable<Timestamp>,
        deactivated_at -> Nullable<Timestamp>,
        deactivation_reason -> Nullable<Text>,
        search_text -> Text,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    intervention_areas (id) {
        id -> Integer,
        organization_id -> Nullable<Integer>,
        user_id -> Nullable<Integer>,
        location_type -> Text,
        region_code -> Nullable<Text>,
        departement_code -> Nullable<Text>,
        epci_code -> Nullable<Text>,
        city_code -> Nullable<Text>,
        is_main -> Bool,
    }
}

diesel::table! {
    user_options (user_id, option_code) {
        user_id -> Integer,
        option_code -> Text,
    }
}

diesel::table! {
    user_email_unsubscriptions (user_id, subscription) {
        user_id -> Integer,
        subscription -> Text,
    }
}

diesel::table! {
    user_accesses (id) {
        id -> Integer,
        user_id -> Integer,
        token_hash -> Text,
        sent_by -> Nullable<Integer>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    password_resets (id) {
        id -> Integer,
        user_id -> Integer,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Integer,
        user_id -> Integer,
        token_hash -> Text,
        family -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        rotated_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_throttles (throttle_key) {
        throttle_key -> Text,
        failures -> Integer,
        locked_until -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    charters (version) {
        version -> Integer,
        title -> Text,
        published_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Integer,
        actor_id -> Nullable<Integer>,
        action -> Text,
        object_type -> Text,
        object_id -> Nullable<Text>,
        details -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(departements -> regions (region_code));
diesel::joinable!(cities -> departements (departement_code));
diesel::joinable!(organizations -> organization_types (type_id));
diesel::joinable!(users -> organizations (organization_id));
diesel::joinable!(user_options -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    regions,
    departements,
    epcis,
    epci_departements,
    cities,
    geography_vintage,
    organization_types,
    organizations,
    users,
    intervention_areas,
    user_options,
    user_email_unsubscriptions,
    user_accesses,
    password_resets,
    refresh_tokens,
    login_throttles,
    charters,
    audit_events,
);
