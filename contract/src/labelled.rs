//! Enumerations with a stable snake_case code and a French label.

/// An enumeration whose values are stable string codes, each with a French label.
pub trait Labelled: Sized + Copy + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.code() == code)
    }
}

/// Declares an enumeration of codes with their French labels, serialised as the code.
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal => $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant ),+
        }

        // Written by hand rather than derived: utoipa's derive does not see the `rename` of a
        // variant when the code comes through this macro, and documented the Rust names
        // (`Land`) instead of what the wire carries (`land`).
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .description(Some(concat!("Codes and their French labels: ", $("`", $code, "` ", $label, "; "),+)))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl $crate::Labelled for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::Labelled::code(*self))
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::labelled::UnknownCode;
            fn from_str(code: &str) -> Result<Self, Self::Err> {
                <Self as $crate::Labelled>::from_code(code)
                    .ok_or_else(|| $crate::labelled::UnknownCode(code.to_owned()))
            }
        }
    };
}

/// A code that names no value of the enumeration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode(pub String);

impl std::fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "code inconnu : {}", self.0)
    }
}

impl std::error::Error for UnknownCode {}
