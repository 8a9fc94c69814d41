//! The role matrix: for each (entity, feature), how widely each role holds it. This table is
//! the policy; `GET /api/role-permissions` publishes it as is.

use contract::access::{Entity, Feature};
use contract::users::{AdminRole, PermissionOption, Role};

/// How widely a role holds a permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Everywhere in France.
    N,
    /// In the user's intervention areas (widened to the département for reads).
    L,
    /// In the intervention areas, when the admin granted this option.
    O(PermissionOption),
    /// Not at all.
    X,
}

/// The column of the matrix a user falls in: an admin role replaces the regular role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleKey {
    NationalAdmin,
    LocalAdmin,
    Regular(Role),
}

impl RoleKey {
    pub fn of(role: Role, admin_role: Option<AdminRole>) -> Self {
        match admin_role {
            Some(AdminRole::NationalAdmin) => RoleKey::NationalAdmin,
            Some(AdminRole::LocalAdmin) => RoleKey::LocalAdmin,
            None => RoleKey::Regular(role),
        }
    }

    fn column(self) -> usize {
        match self {
            RoleKey::NationalAdmin => 0,
            RoleKey::LocalAdmin => 1,
            RoleKey::Regular(Role::NationalEstablishment) => 2,
            RoleKey::Regular(Role::DirectCollaborator) => 3,
            RoleKey::Regular(Role::Collaborator) => 4,
            RoleKey::Regular(Role::Association) => 5,
            RoleKey::Regular(Role::Intervener) => 6,
            RoleKey::Regular(Role::ExternalObservator) => 7,
        }
    }

    /// The code published for this column.
    pub fn code(self) -> &'static str {
        use contract::Labelled;
        match self {
            RoleKey::NationalAdmin => AdminRole::NationalAdmin.code(),
            RoleKey::LocalAdmin => AdminRole::LocalAdmin.code(),
            RoleKey::Regular(role) => role.code(),
        }
    }

    /// Every column, in matrix order.
    pub fn all() -> Vec<RoleKey> {
        let mut keys = vec![RoleKey::NationalAdmin, RoleKey::LocalAdmin];
        keys.extend(<Role as contract::Labelled>::ALL.iter().map(|role| RoleKey::Regular(*role)));
        keys
    }
}

/// One row of the matrix.
pub struct Row {
    pub entity: Entity,
    pub feature: Feature,
    /// Writing features are never widened beyond the intervention areas.
    pub writing: bool,
    /// national_admin, local_admin, national_establisment, direct_collaborator, collaborator,
    /// association, intervener, external_observator.
    pub cells: [Cell; 8],
}

impl Row {
    pub fn cell(&self, role: RoleKey) -> Cell {
        self.cells[role.column()]
    }
}

use Cell::{L, N, O, X};
use PermissionOption::{
    AccessActionFinances as FIN, AccessJustice as JUS, CloseShantytown as CLO, CreateShantytown as CRE,
};

const fn row(entity: Entity, feature: Feature, writing: bool, cells: [Cell; 8]) -> Row {
    Row { entity, feature, writing, cells }
}

#[rustfmt::skip]
pub const MATRIX: &[Row] = &[
    //                                                         nat.adm loc.adm nat.act corresp partner operat interv observ
    row(Entity::Site, Feature::List, false,                  [N, N, N, N, L, L, L, L]),
    row(Entity::Site, Feature::Read, false,                  [N, N, N, N, L, L, L, L]),
    row(Entity::Site, Feature::Create, true,                 [N, L, X, L, L, O(CRE), X, X]),
    row(Entity::Site, Feature::Update, true,                 [N, L, X, L, L, L, X, X]),
    row(Entity::Site, Feature::Close, true,                  [N, L, X, L, O(CLO), O(CLO), X, X]),
    row(Entity::Site, Feature::FixStatus, true,              [N, L, X, L, X, X, X, X]),
    row(Entity::Site, Feature::Delete, true,                 [N, X, X, X, X, X, X, X]),
    row(Entity::Site, Feature::Export, false,                [N, N, N, N, L, L, L, L]),
    row(Entity::Site, Feature::Report, false,                [N, L, L, L, L, L, L, L]),
    row(Entity::SiteJustice, Feature::Access, false,         [N, N, N, N, O(JUS), O(JUS), O(JUS), X]),
    row(Entity::SiteOwner, Feature::Access, false,           [N, L, X, L, L, X, X, X]),
    row(Entity::SiteComment, Feature::List, false,           [N, L, N, L, L, L, L, L]),
    row(Entity::SiteComment, Feature::Create, true,          [N, L, X, L, L, L, L, X]),
    row(Entity::SiteComment, Feature::Export, false,         [N, L, N, L, L, L, L, X]),
    row(Entity::SiteComment, Feature::Moderate, true,        [N, L, X, X, X, X, X, X]),
    row(Entity::SiteActor, Feature::Export, false,           [N, L, X, L, X, X, X, X]),
    row(Entity::Action, Feature::Read, false,                [N, N, N, N, L, L, L, L]),
    row(Entity::Action, Feature::Create, true,               [N, L, X, L, L, X, X, X]),
    row(Entity::Action, Feature::Update, true,               [N, L, X, L, L, X, X, X]),
    row(Entity::Action, Feature::Delete, true,               [N, X, X, X, X, X, X, X]),
    row(Entity::Action, Feature::Export, false,              [N, N, N, L, L, L, X, X]),
    row(Entity::ActionFinances, Feature::Access, false,      [N, L, O(FIN), N, X, X, X, X]),
    row(Entity::ActionComment, Feature::Read, false,         [N, N, N, N, L, L, L, L]),
    row(Entity::ActionComment, Feature::Create, true,        [N, L, X, L, L, L, L, X]),
    row(Entity::ActionComment, Feature::Export, false,       [N, L, N, L, L, L, L, X]),
    row(Entity::ActionComment, Feature::Moderate, true,      [N, L, X, X, X, X, X, X]),
    row(Entity::User, Feature::List, false,                  [N, L, X, X, X, X, X, X]),
    row(Entity::User, Feature::Read, false,                  [N, L, X, X, X, X, X, X]),
    row(Entity::User, Feature::Create, true,                 [N, L, X, X, X, X, X, X]),
    row(Entity::User, Feature::Activate, true,               [N, L, X, X, X, X, X, X]),
    row(Entity::User, Feature::Deactivate, true,             [N, L, X, X, X, X, X, X]),
    row(Entity::UserAdminComments, Feature::Read, false,     [N, X, X, X, X, X, X, X]),
    row(Entity::UserAdminComments, Feature::Update, true,    [N, X, X, X, X, X, X, X]),
    row(Entity::Stats, Feature::Read, false,                 [N, L, N, N, L, L, L, L]),
    row(Entity::Stats, Feature::Export, false,               [N, X, X, X, X, X, X, X]),
];

/// The row of (entity, feature), if the matrix has one.
pub fn find(entity: Entity, feature: Feature) -> Option<&'static Row> {
    MATRIX.iter().find(|row| row.entity == entity && row.feature == feature)
}
