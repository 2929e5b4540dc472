"""Adjustments to the generated OpenAPI schema, so it says what the API really accepts."""

NOT_FILTERS = {"page", "page_size"}


def empty_filters_mean_no_filter(result, generator, request, public):
    """`?kind=` is the same as no `kind` at all (the browsable API's filter form sends every
    field, filled in or not): the schema allows an empty value for every filter."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter["name"] not in NOT_FILTERS:
                    parameter["allowEmptyValue"] = True
    return result
