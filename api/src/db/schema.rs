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
    data_migrations (name) {
        name -> Text,
        applied_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (caller, idempotency_key) {
        caller -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        content_type -> Nullable<Text>,
        location -> Nullable<Text>,
        body -> Nullable<Text>,
        created_at -> Timestamp,
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

diesel::table! {
    sites (id) {
        id -> Integer,
        version -> Integer,
        status -> Text,
        city_code -> Text,
        epci_code -> Nullable<Text>,
        departement_code -> Text,
        region_code -> Text,
        created_at -> Timestamp,
        created_by -> Nullable<Integer>,
        updated_at -> Timestamp,
        updated_by -> Nullable<Integer>,
    }
}

diesel::table! {
    site_actors (site_id, user_id) {
        site_id -> Integer,
        user_id -> Integer,
        other_theme -> Nullable<Text>,
        created_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    site_actor_themes (site_id, user_id, theme) {
        site_id -> Integer,
        user_id -> Integer,
        theme -> Text,
    }
}

diesel::table! {
    site_favorites (user_id, site_id) {
        user_id -> Integer,
        site_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    site_versions (id) {
        id -> Integer,
        site_id -> Integer,
        version -> Integer,
        kind -> Text,
        valid_from -> Timestamp,
        valid_to -> Nullable<Timestamp>,
        author_id -> Nullable<Integer>,
        status -> Text,
        region_code -> Text,
        departement_code -> Text,
        epci_code -> Nullable<Text>,
        city_code -> Text,
        population_total -> Nullable<Integer>,
        population_minors -> Nullable<Integer>,
        minors_in_school -> Nullable<Integer>,
        snapshot -> Text,
        name -> Nullable<Text>,
        address -> Nullable<Text>,
        city_name -> Nullable<Text>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        search_text -> Nullable<Text>,
        built_at -> Nullable<Date>,
        declared_at -> Nullable<Date>,
        built_sort_at -> Nullable<Date>,
        data_updated_at -> Nullable<Date>,
        field_type -> Nullable<Text>,
        owner_type -> Nullable<Text>,
        is_reinstallation -> Nullable<Bool>,
        population_total_females -> Nullable<Integer>,
        population_households -> Nullable<Integer>,
        population_minors_girls -> Nullable<Integer>,
        minors_0_3 -> Nullable<Integer>,
        minors_3_6 -> Nullable<Integer>,
        minors_6_12 -> Nullable<Integer>,
        minors_12_16 -> Nullable<Integer>,
        minors_16_18 -> Nullable<Integer>,
        caravans -> Nullable<Integer>,
        huts -> Nullable<Integer>,
        tents -> Nullable<Integer>,
        cars -> Nullable<Integer>,
        mattresses -> Nullable<Integer>,
        census_status -> Nullable<Text>,
        origin_french -> Nullable<Bool>,
        origin_european -> Nullable<Bool>,
        origin_other -> Nullable<Bool>,
        water_status -> Nullable<Text>,
        sanitary_status -> Nullable<Text>,
        electricity_status -> Nullable<Text>,
        trash_status -> Nullable<Text>,
        pests_status -> Nullable<Text>,
        fire_status -> Nullable<Text>,
        justice_owner_complaint -> Nullable<Bool>,
        justice_procedure -> Nullable<Bool>,
        justice_rendered -> Nullable<Bool>,
        justice_evacuation_order -> Nullable<Bool>,
        justice_insalubrity_order -> Nullable<Bool>,
        has_phases -> Nullable<Bool>,
        heatwave -> Nullable<Bool>,
        resorption_target -> Nullable<Integer>,
        closed_at -> Nullable<Date>,
        closed_year -> Nullable<Integer>,
        closed_with_solutions -> Nullable<Text>,
        updated_without_any_change -> Nullable<Bool>,
    }
}

diesel::table! {
    site_comments (id) {
        id -> Integer,
        site_id -> Integer,
        body -> Text,
        visibility -> Text,
        author_id -> Integer,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Integer>,
        deletion_reason -> Nullable<Text>,
    }
}

diesel::table! {
    site_comment_tags (comment_id, tag) {
        comment_id -> Integer,
        tag -> Text,
    }
}

diesel::table! {
    site_comment_targets (id) {
        id -> Integer,
        comment_id -> Integer,
        organization_id -> Nullable<Integer>,
        user_id -> Nullable<Integer>,
    }
}

diesel::table! {
    actions (id) {
        id -> Integer,
        version -> Integer,
        departement_code -> Text,
        region_code -> Text,
        created_at -> Timestamp,
        created_by -> Nullable<Integer>,
        updated_at -> Timestamp,
        updated_by -> Nullable<Integer>,
    }
}

diesel::table! {
    action_versions (id) {
        id -> Integer,
        action_id -> Integer,
        version -> Integer,
        kind -> Text,
        valid_from -> Timestamp,
        valid_to -> Nullable<Timestamp>,
        author_id -> Nullable<Integer>,
        departement_code -> Text,
        region_code -> Text,
        name -> Text,
        started_at -> Date,
        ended_at -> Nullable<Date>,
        location_type -> Text,
        topics -> Text,
        city_codes -> Text,
        epci_codes -> Text,
        search_text -> Text,
        snapshot -> Text,
        indicator_years -> Text,
        indicators_updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    action_members (action_id, role, user_id) {
        action_id -> Integer,
        user_id -> Integer,
        organization_id -> Integer,
        role -> Text,
        is_principal -> Bool,
    }
}

diesel::table! {
    action_sites (action_id, site_id) {
        action_id -> Integer,
        site_id -> Integer,
    }
}

diesel::table! {
    action_comments (id) {
        id -> Integer,
        action_id -> Integer,
        body -> Text,
        visibility -> Text,
        author_id -> Integer,
        created_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        deleted_at -> Nullable<Timestamp>,
        deleted_by -> Nullable<Integer>,
        deletion_reason -> Nullable<Text>,
    }
}

diesel::table! {
    action_comment_targets (id) {
        id -> Integer,
        comment_id -> Integer,
        organization_id -> Nullable<Integer>,
        user_id -> Nullable<Integer>,
    }
}

diesel::joinable!(departements -> regions (region_code));
diesel::joinable!(cities -> departements (departement_code));
diesel::joinable!(organizations -> organization_types (type_id));
diesel::joinable!(users -> organizations (organization_id));
diesel::joinable!(user_options -> users (user_id));
diesel::joinable!(site_comments -> sites (site_id));
diesel::joinable!(site_comment_tags -> site_comments (comment_id));
diesel::joinable!(site_versions -> sites (site_id));
diesel::joinable!(action_versions -> actions (action_id));
diesel::joinable!(action_comments -> actions (action_id));

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
    data_migrations,
    idempotency_keys,
    login_throttles,
    charters,
    audit_events,
    sites,
    site_actors,
    site_actor_themes,
    site_favorites,
    site_versions,
    site_comments,
    site_comment_tags,
    site_comment_targets,
    actions,
    action_versions,
    action_members,
    action_sites,
    action_comments,
    action_comment_targets,
);
