//! The policy for each role at each level of intervention area.

use contract::access::{Entity, Feature};
use contract::territories::LocationType;
use contract::users::{AdminRole, PermissionOption, Role};

use super::{Area, Permissions, Place, RoleKey};
use crate::territories::geography::{City, Departement, Epci, Region};
use crate::territories::Geography;

fn geography() -> Geography {
    let mut g = Geography::default();
    for (code, name) in [("11", "Île-de-France"), ("93", "Provence-Alpes-Côte d'Azur")] {
        g.regions.insert(code.into(), Region { name: name.into(), search_text: String::new(), overseas: false });
    }
    for (code, region) in [("75", "11"), ("93", "11"), ("13", "93")] {
        g.departements.insert(
            code.into(),
            Departement { name: code.into(), search_text: String::new(), region_code: region.into() },
        );
    }
    g.epcis.insert(
        "MGP".into(),
        Epci { name: "MGP".into(), search_text: String::new(), departements: vec!["75".into(), "93".into()] },
    );
    g.epcis
        .insert("AMP".into(), Epci { name: "AMP".into(), search_text: String::new(), departements: vec!["13".into()] });
    for (code, departement, region, epci, main) in [
        ("93048", "93", "11", "MGP", None),
        ("93066", "93", "11", "MGP", None),
        ("75056", "75", "11", "MGP", None),
        ("75111", "75", "11", "MGP", Some("75056")),
        ("13055", "13", "93", "AMP", None),
    ] {
        g.cities.insert(
            code.into(),
            City {
                name: code.into(),
                search_text: String::new(),
                departement_code: departement.into(),
                region_code: region.into(),
                epci_code: Some(epci.into()),
                main_code: main.map(Into::into),
                population: 0,
            },
        );
    }
    g.arrondissements.insert("75056".into(), vec!["75111".into()]);
    g
}

fn place(city: &str) -> Place<'static> {
    match city {
        "93048" => Place { region: "11", departement: "93", epci: Some("MGP"), city: "93048" },
        "93066" => Place { region: "11", departement: "93", epci: Some("MGP"), city: "93066" },
        "75111" => Place { region: "11", departement: "75", epci: Some("MGP"), city: "75111" },
        _ => Place { region: "93", departement: "13", epci: Some("AMP"), city: "13055" },
    }
}

fn permissions(
    role: Role,
    admin: Option<AdminRole>,
    options: &[PermissionOption],
    level: LocationType,
    code: Option<&str>,
) -> Permissions {
    Permissions::resolve(RoleKey::of(role, admin), options, &[Area::new(level, code)], &geography())
}

/// Where a permission holds among Montreuil (93048), Saint-Denis (93066), Paris 11e and Marseille.
fn reach(permissions: &Permissions, entity: Entity, feature: Feature) -> Vec<&'static str> {
    ["93048", "93066", "75111", "13055"]
        .into_iter()
        .filter(|city| permissions.allows(entity, feature, place(city)))
        .collect()
}

#[test]
fn each_level_of_area_bounds_writes_and_widens_reads() {
    use LocationType::*;
    let cases: &[(LocationType, Option<&str>, &[&str], &[&str])] = &[
        // (area, writes reach, reads reach) for a partner (collaborator)
        (Nation, None, &["93048", "93066", "75111", "13055"], &["93048", "93066", "75111", "13055"]),
        (Region, Some("11"), &["93048", "93066", "75111"], &["93048", "93066", "75111"]),
        (Departement, Some("93"), &["93048", "93066"], &["93048", "93066"]),
        (Epci, Some("MGP"), &["93048", "93066", "75111"], &["93048", "93066", "75111"]),
        (City, Some("93048"), &["93048"], &["93048", "93066"]),
        (City, Some("75056"), &["75111"], &["75111"]),
    ];
    for (level, code, writes, reads) in cases {
        let p = permissions(Role::Collaborator, None, &[], *level, *code);
        assert_eq!(reach(&p, Entity::Site, Feature::Update), *writes, "writes from {level:?} {code:?}");
        assert_eq!(reach(&p, Entity::Site, Feature::Read), *reads, "reads from {level:?} {code:?}");
    }
}

#[test]
fn national_cells_ignore_the_area() {
    let p = permissions(Role::DirectCollaborator, None, &[], LocationType::City, Some("93048"));
    assert_eq!(reach(&p, Entity::Site, Feature::Read).len(), 4);
    assert_eq!(reach(&p, Entity::SiteJustice, Feature::Access).len(), 4);
    assert_eq!(reach(&p, Entity::Site, Feature::Update), vec!["93048"]);
}

#[test]
fn each_regular_role_holds_its_column() {
    let area = (LocationType::Departement, Some("93"));
    let holds = |role: Role, entity: Entity, feature: Feature| {
        !reach(&permissions(role, None, &[], area.0, area.1), entity, feature).is_empty()
    };
    use Entity::*;
    use Feature::*;
    use Role::*;
    let expected: &[(Role, Entity, Feature, bool)] = &[
        (NationalEstablishment, Site, Read, true),
        (NationalEstablishment, Site, Create, false),
        (NationalEstablishment, SiteJustice, Access, true),
        (DirectCollaborator, Site, Close, true),
        (DirectCollaborator, SiteOwner, Access, true),
        (DirectCollaborator, User, Activate, false),
        (Collaborator, Site, Create, true),
        (Collaborator, Site, Close, false),
        (Association, Site, Update, true),
        (Association, Site, Create, false),
        (Association, SiteOwner, Access, false),
        (Intervener, SiteComment, Create, true),
        (Intervener, Site, Update, false),
        (ExternalObservator, Site, Read, true),
        (ExternalObservator, SiteComment, Create, false),
        (ExternalObservator, SiteJustice, Access, false),
    ];
    for (role, entity, feature, allowed) in expected {
        assert_eq!(holds(*role, *entity, *feature), *allowed, "{role:?} {entity:?}.{feature:?}");
    }
}

#[test]
fn options_open_only_what_the_role_allows() {
    let area = (LocationType::Departement, Some("93"));
    let with = |role, options: &[PermissionOption]| permissions(role, None, options, area.0, area.1);
    assert!(reach(&with(Role::Association, &[]), Entity::Site, Feature::Create).is_empty());
    let opted = with(Role::Association, &[PermissionOption::CreateShantytown, PermissionOption::AccessJustice]);
    assert_eq!(reach(&opted, Entity::Site, Feature::Create), vec!["93048", "93066"]);
    assert_eq!(reach(&opted, Entity::SiteJustice, Feature::Access), vec!["93048", "93066"]);
    // Justice read from a commune widens to its département.
    let commune =
        permissions(Role::Intervener, None, &[PermissionOption::AccessJustice], LocationType::City, Some("93048"));
    assert_eq!(reach(&commune, Entity::SiteJustice, Feature::Access), vec!["93048", "93066"]);
    // An observer cannot hold justice access, option or not.
    let observer = with(Role::ExternalObservator, &[PermissionOption::AccessJustice]);
    assert!(reach(&observer, Entity::SiteJustice, Feature::Access).is_empty());
}

#[test]
fn an_admin_role_replaces_the_regular_role() {
    let local = permissions(Role::Association, Some(AdminRole::LocalAdmin), &[], LocationType::Departement, Some("93"));
    assert_eq!(reach(&local, Entity::User, Feature::Activate), vec!["93048", "93066"]);
    assert_eq!(reach(&local, Entity::Site, Feature::Read).len(), 4);
    assert!(reach(&local, Entity::Site, Feature::Delete).is_empty());
    let national =
        permissions(Role::Intervener, Some(AdminRole::NationalAdmin), &[], LocationType::City, Some("93048"));
    assert_eq!(reach(&national, Entity::Site, Feature::Delete).len(), 4);
    assert!(national.allows_nationally(Entity::User, Feature::List));
}

#[test]
fn no_area_means_no_local_permission() {
    let p = Permissions::resolve(RoleKey::Regular(Role::Collaborator), &[], &[], &geography());
    assert!(!p.allows_somewhere(Entity::Site, Feature::Read));
    assert!(p.to_contract().is_empty());
}
