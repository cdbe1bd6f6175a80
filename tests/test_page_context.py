"""The pages' Jinja environment (site/theme.py) calls plain functions straight away and gives
everything else (context functions, macros, callable objects) to Jinja: the same output as
Jinja's own environment for any kind of callable."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from journalgen.site.theme import PageEnvironment

TEMPLATE = """\
{% macro m(x, y=2) %}[{{ x }}/{{ y }}]{% endmacro %}
{% macro v() %}{{ varargs | join(",") }}{{ kwargs | dictsort }}{% endmacro %}
{% macro c(x) %}<{{ caller(x) }}>{% endmacro %}
{% macro none_given(x) %}{{ x is undefined }}{% endmacro %}
{{ v(1, 2, a=3) }} {% call(y) c(5) %}called {{ y }}{% endcall %} {{ none_given() }} {{ m(y=4, x=3) }}
{{ plain("a") }} {{ plain("b", suffix="!") }} {{ context_name() }} {{ env_kind() }} {{ m(1) }}
{% for i in range(2) %}{{ plain(i) }}{{ context_name() }}{{ m(i, y=i) }}{{ callable_object(i) }}{% endfor %}
{% block b %}{{ plain("in a block") }}{{ context_name() }}{{ dict_of(a=1) }}{% endblock %}
"""


def plain(value: Any, suffix: str = "") -> str:
    return f"<{value}{suffix}>"


@jinja2.pass_context
def context_name(context: jinja2.runtime.Context) -> str:
    return f"{context.name}:{context.get('i', '-')}"


@jinja2.pass_environment
def env_kind(environment: jinja2.Environment) -> str:
    return type(environment).__name__.replace("Page", "")


class CallableObject:
    def __call__(self, value: Any) -> str:
        return f"({value})"


def render(env: jinja2.Environment, source: str) -> str:
    names = {"plain": plain, "context_name": context_name, "env_kind": env_kind}
    names |= {"callable_object": CallableObject(), "dict_of": dict}
    return env.from_string(source).render(**names)


def test_the_same_output_as_jinja_for_every_kind_of_callable() -> None:
    ours = render(PageEnvironment(autoescape=True), TEMPLATE)
    assert ours == render(jinja2.Environment(autoescape=True), TEMPLATE)
    assert "&lt;b!&gt;" in ours and "&lt;in a block&gt;" in ours and "[1/1](1)" in ours


def test_a_macro_given_too_many_arguments_is_an_error() -> None:
    for env in (PageEnvironment(), jinja2.Environment()):
        with pytest.raises(TypeError, match="takes not more than 1 argument"):
            env.from_string("{% macro m(x) %}{{ x }}{% endmacro %}{{ m(1, 2) }}").render()


def test_a_function_that_raises_stop_iteration_is_undefined() -> None:
    def stops() -> str:
        raise StopIteration

    for env in (
        PageEnvironment(undefined=jinja2.StrictUndefined),
        jinja2.Environment(undefined=jinja2.StrictUndefined),
    ):
        assert env.from_string("{{ f() is undefined }}").render(f=stops) == "True"
        with pytest.raises(jinja2.UndefinedError):
            env.from_string("{{ f() }}").render(f=stops)
