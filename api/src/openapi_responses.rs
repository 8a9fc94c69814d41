//! Every response of the OpenAPI document has a description (the OpenAPI schema requires one):
//! handlers describe what is particular to them, and the statuses that mean the same on every
//! route (a refused token, a missing object, faulty fields…) get their meaning here, once.

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
        "422" => "Faulty fields: the problem names each one",
        "428" => "`If-Match` is required",
        "429" => "Too many attempts: wait as `Retry-After` says",
        _ => "See the problem's `code`",
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
