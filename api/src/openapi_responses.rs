//! Every response of the OpenAPI document has a description (the OpenAPI schema requires one):
//! handlers describe what is particular to them, and the statuses that mean the same on every
//! route (a refused token, a missing object, faulty fields…) get their meaning here, once; the
//! statuses any operation of a kind may answer are added here too, so that none is undocumented.

use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{OpenApi, RefOr};

/// What a status means wherever a handler does not say more.
fn meaning(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted: the request is taken; what follows is sent by e-mail",
        "204" => "Done, nothing to answer",
        "400" => "The request cannot be read (syntax, unknown parameter); the problem names the parameter",
        "401" => "No valid session: sign in again",
        "403" => "Signed in, but not allowed to do this here",
        "404" => "Not found, or outside what the caller may read",
        "409" => "In conflict with the current state; the problem says which",
        "412" => "`If-Match` names an older version: read the object again",
        "413" => "The body is too large",
        "415" => "The body must be JSON (`Content-Type: application/json`)",
        "422" => "Faulty fields: the problem names each one",
        "428" => "`If-Match` is required",
        "429" => "Too many attempts: wait as `Retry-After` says",
        _ => "See the problem's `code`",
    }
}

/// Adds the statuses every operation of a kind can answer, whatever its handler says: 401 for
/// one that needs a token (the session is checked before the handler), 404 for one with a path
/// parameter (an id that names nothing readable), 400 and 422 for one with query parameters or
/// a body (unreadable, unknown or faulty values), 415 for one with a body (not JSON).
pub fn complete(openapi: &mut OpenApi) {
    use utoipa::openapi::content::ContentBuilder;
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::response::ResponseBuilder;
    use utoipa::openapi::schema::Ref;
    let problem = |status: &str| {
        ResponseBuilder::new()
            .description(meaning(status))
            .content(
                "application/problem+json",
                ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
            )
            .build()
    };
    let secured_by_default = openapi.security.as_ref().is_some_and(|requirements| !requirements.is_empty());
    for item in openapi.paths.paths.values_mut() {
        let operations = [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
        for operation in operations.into_iter().flatten() {
            // `security: [{}]`: no token needed.
            let public = operation.security.as_ref().is_some_and(|requirements| {
                requirements.iter().all(|requirement| *requirement == SecurityRequirement::default())
            });
            let parameters = operation.parameters.as_deref().unwrap_or_default();
            let has = |place: ParameterIn| {
                parameters.iter().any(|p| matches!(p, RefOr::T(parameter) if parameter.parameter_in == place))
            };
            let mut statuses = Vec::new();
            if secured_by_default && !public {
                statuses.push("401");
            }
            if has(ParameterIn::Path) {
                statuses.push("404");
            }
            if has(ParameterIn::Query) || operation.request_body.is_some() {
                statuses.extend(["400", "422"]);
            }
            if operation.request_body.is_some() {
                statuses.push("415");
            }
            for status in statuses {
                operation.responses.responses.entry(status.to_owned()).or_insert_with(|| RefOr::T(problem(status)));
            }
        }
    }
}

/// Gives every response without a description the meaning of its status.
pub fn describe(openapi: &mut OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        let operations = [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
        for operation in operations.into_iter().flatten() {
            for (status, response) in operation.responses.responses.iter_mut() {
                if let RefOr::T(response) = response {
                    if response.description.trim().is_empty() {
                        response.description = meaning(status).to_owned();
                    }
                }
            }
        }
    }
}
