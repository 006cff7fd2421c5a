//! Custom fields: typed values a company adds to its issues.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Names of settings values (statuses, fields, options …) have at most this many characters.
pub const MAX_NAME_CHARS: usize = 50;
/// A single-select field offers at most this many options.
pub const MAX_OPTIONS: usize = 50;
/// A text value has at most this many characters.
pub const MAX_TEXT_CHARS: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Number,
    Date,
    Select,
    Checkbox,
}

impl FieldKind {
    pub const ALL: [FieldKind; 5] =
        [FieldKind::Text, FieldKind::Number, FieldKind::Date, FieldKind::Select, FieldKind::Checkbox];

    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::Select => "select",
            FieldKind::Checkbox => "checkbox",
        }
    }

    pub fn parse(raw: &str) -> Option<FieldKind> {
        FieldKind::ALL.into_iter().find(|kind| kind.as_str() == raw.trim().to_ascii_lowercase())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomField {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// The choices of a `select` field, in order; empty for other kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// A required field must have a value on every new issue and cannot be cleared.
    #[serde(default)]
    pub required: bool,
}

/// A trimmed name of 1 to `MAX_NAME_CHARS` characters, or why not.
pub fn name(raw: &str, what: &str) -> Result<String, String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(format!("A {what} needs a name."));
    }
    if trimmed.chars().count() > MAX_NAME_CHARS {
        return Err(format!("A {what} name has at most {MAX_NAME_CHARS} characters."));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(format!("A {what} name cannot hold control characters."));
    }
    Ok(trimmed.to_owned())
}

/// The first name that appears twice (ignoring case), if any.
pub fn duplicate<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = std::collections::HashSet::new();
    names.into_iter().find(|name| !seen.insert(name.to_lowercase()))
}

impl CustomField {
    /// A field definition as sent: `{name, type, options?, required?}`.
    pub fn parse(raw: &Value) -> Result<CustomField, String> {
        let Some(object) = raw.as_object() else {
            return Err("Each custom field is an object: {name, type, options?, required?}.".into());
        };
        if let Some(unknown) =
            object.keys().find(|key| !["name", "type", "options", "required"].contains(&key.as_str()))
        {
            return Err(format!("A custom field has no \"{unknown}\"."));
        }
        let field_name = name(object.get("name").and_then(Value::as_str).unwrap_or_default(), "custom field")?;
        let kinds = FieldKind::ALL.map(FieldKind::as_str).join(", ");
        let kind = object
            .get("type")
            .and_then(Value::as_str)
            .and_then(FieldKind::parse)
            .ok_or_else(|| format!("\"{field_name}\" needs a type: one of {kinds}."))?;
        let required = match object.get("required") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(required)) => *required,
            Some(_) => return Err(format!("\"{field_name}\": required is true or false.")),
        };
        let options = match (kind, object.get("options")) {
            (FieldKind::Select, Some(Value::Array(options))) => {
                let options = options
                    .iter()
                    .map(|option| name(option.as_str().unwrap_or_default(), "option"))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|why| format!("\"{field_name}\": {why}"))?;
                if options.is_empty() || options.len() > MAX_OPTIONS {
                    return Err(format!("\"{field_name}\" needs 1 to {MAX_OPTIONS} options."));
                }
                if let Some(twice) = duplicate(options.iter().map(String::as_str)) {
                    return Err(format!("\"{field_name}\" lists the option \"{twice}\" twice."));
                }
                options
            }
            (FieldKind::Select, _) => return Err(format!("\"{field_name}\" needs a list of options.")),
            (_, None | Some(Value::Null)) => Vec::new(),
            (_, Some(Value::Array(options))) if options.is_empty() => Vec::new(),
            (_, Some(_)) => {
                return Err(format!("Only select fields have options; \"{field_name}\" is {}.", kind.as_str()));
            }
        };
        Ok(CustomField { name: field_name, kind, options, required })
    }

    /// The value to store for `raw`, `None` for an empty one, or why it does not fit the field.
    pub fn value(&self, raw: &Value) -> Result<Option<Value>, String> {
        let name = &self.name;
        match (self.kind, raw) {
            (_, Value::Null) => Ok(None),
            (FieldKind::Text, Value::String(text)) => {
                let text = text.trim();
                if text.chars().count() > MAX_TEXT_CHARS {
                    return Err(format!("\"{name}\" has at most {MAX_TEXT_CHARS} characters."));
                }
                Ok((!text.is_empty()).then(|| Value::String(text.to_owned())))
            }
            (FieldKind::Number, Value::Number(number)) => Ok(Some(Value::Number(number.clone()))),
            (FieldKind::Number, Value::String(text)) if text.trim().is_empty() => Ok(None),
            (FieldKind::Number, Value::String(text)) => text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .and_then(serde_json::Number::from_f64)
                .map(|n| Some(Value::Number(n)))
                .ok_or_else(|| format!("\"{name}\" is a number.")),
            (FieldKind::Date, Value::String(text)) if text.trim().is_empty() => Ok(None),
            (FieldKind::Date, Value::String(text)) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map(|date| Some(Value::String(date.format("%Y-%m-%d").to_string())))
                .map_err(|_| format!("\"{name}\" is a date like 2026-12-31.")),
            (FieldKind::Select, Value::String(text)) if text.trim().is_empty() => Ok(None),
            (FieldKind::Select, Value::String(text)) => self
                .options
                .iter()
                .find(|option| option.eq_ignore_ascii_case(text.trim()))
                .map(|option| Some(Value::String(option.clone())))
                .ok_or_else(|| format!("\"{name}\" is one of {}.", self.options.join(", "))),
            (FieldKind::Checkbox, Value::Bool(checked)) => Ok(Some(Value::Bool(*checked))),
            (kind, _) => Err(format!("\"{name}\" holds a {} value.", kind.as_str())),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn definitions_are_checked() {
        let select =
            CustomField::parse(&json!({"name": " Severity ", "type": "select", "options": ["S1", "S2"]})).unwrap();
        assert_eq!(select.name, "Severity");
        assert_eq!(select.options, ["S1", "S2"]);
        assert!(!select.required);
        for bad in [
            json!({"name": "", "type": "text"}),
            json!({"name": "X", "type": "colour"}),
            json!({"name": "X", "type": "select"}),
            json!({"name": "X", "type": "select", "options": ["a", "A"]}),
            json!({"name": "X", "type": "text", "options": ["a"]}),
            json!({"name": "X", "type": "text", "required": "yes"}),
            json!({"name": "X", "type": "text", "colour": 1}),
            json!({"name": "x".repeat(51), "type": "text"}),
            json!("Severity"),
        ] {
            assert!(CustomField::parse(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn values_must_fit_their_type() {
        let field = |kind: &str| CustomField::parse(&json!({"name": "F", "type": kind, "options": ["Low", "High"]}));
        let field = |kind: &str| match kind {
            "select" => field(kind).unwrap(),
            other => CustomField::parse(&json!({"name": "F", "type": other})).unwrap(),
        };
        assert_eq!(field("number").value(&json!("2.5")).unwrap(), Some(json!(2.5)));
        assert_eq!(field("number").value(&json!(3)).unwrap(), Some(json!(3)));
        assert!(field("number").value(&json!("many")).is_err());
        assert_eq!(field("date").value(&json!("2026-02-03")).unwrap(), Some(json!("2026-02-03")));
        assert!(field("date").value(&json!("2026-02-30")).is_err());
        assert_eq!(field("select").value(&json!("high")).unwrap(), Some(json!("High")));
        assert!(field("select").value(&json!("Medium")).is_err());
        assert_eq!(field("checkbox").value(&json!(true)).unwrap(), Some(json!(true)));
        assert!(field("checkbox").value(&json!("yes")).is_err());
        assert_eq!(field("text").value(&json!("  ")).unwrap(), None);
        assert_eq!(field("text").value(&Value::Null).unwrap(), None);
    }
}
