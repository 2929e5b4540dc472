"""An axe-core scan of the page a test has open (axe-core comes from npm, see package.json)."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# What must never ship; "moderate" and "minor" are reported in the message but not failed on.
BLOCKING = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """The page's serious and critical violations. axe is evaluated through the DevTools
    protocol, which the page's Content-Security-Policy does not apply to (a <script> tag would
    be refused, as it should be)."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => await window.axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in BLOCKING
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe on {page.url}:\n" + "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} at {v['targets']}" for v in violations
    )
