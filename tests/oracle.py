"""Plain per-agent reference implementations of the four mechanisms (test oracles).

Each function loops over members, states and pairs with Python scalars and follows the
equations in the mechanism modules' docstrings (and docs/model.md) directly, without
numpy broadcasting, so that a vectorisation mistake in the engine shows up as a
disagreement. Each returns a dict of the arrays the mechanism changes. Slow by design:
use small N.
"""

from __future__ import annotations

import numpy as np

from scenarios.model.params import resolve_params
from scenarios.registry.levers import CHINA, CHINA_PARTNERS, INTERDICTED, LEVERS, PATRON
from scenarios.registry.parameters import PARAMETERS
from scenarios.state import World, WorldState


def _p(params, key, m):
    value = params[key]
    return float(value) if np.ndim(value) == 0 else float(np.asarray(value)[m])


def _code(world, i):
    return world.codes[i]


def _tilt(world, params, m, k, t):
    if _code(world, k) == CHINA and _code(world, t) in CHINA_PARTNERS:
        return _p(params, "levers.china_stance", m) * _p(params, "sanctions.china_tilt", m)
    return 0.0


def _saturating(a, change):
    """A nudge that saturates: ``a + c (1 - sign(c) a)``, clipped."""
    return min(max(a + change - abs(change) * a, -1.0), 1.0)


def _weights(gdp, n):
    total = sum(gdp)
    return [[gdp[s] / (total - gdp[t]) if s != t else 0.0 for t in range(n)] for s in range(n)]


def sanctions(state, world, params):
    m_count, n = state.gdp.shape
    out = {k: np.zeros_like(getattr(state, k)) for k in ("gdp", "bite", "leakage", "affinity")}
    out["sanctions"] = np.zeros_like(state.sanctions)
    for m in range(m_count):
        a, s, gdp = state.affinity[m], state.sanctions[m], list(state.gdp[m])
        w = _weights(gdp, n)
        secondary = _p(params, "levers.secondary_sanctions", m)
        raw, offset, willing = [0.0] * n, [0.0] * n, [[0.0] * n for _ in range(n)]
        for t in range(n):
            raw[t] = min(sum(s[x, t] * w[x][t] for x in range(n)), 1.0)
            capacity = 0.0
            for k in range(n):
                if k == t:
                    continue
                tie = max(a[k, t], 0.0) + _tilt(world, params, m, k, t)
                v = min(max(tie - secondary * raw[t], 0.0), 1.0) * (1.0 - s[k, t])
                willing[k][t] = v
                capacity += v * w[k][t]
            cover = capacity / raw[t] if raw[t] > 0 else 0.0
            offset[t] = _p(params, "sanctions.black_knight_offset", m) * min(cover, 1.0)
        total = sum(gdp)
        for t in range(n):
            bite = raw[t] * (1.0 - offset[t])
            out["bite"][m, t] = bite
            out["leakage"][m, t] = raw[t] * offset[t]
            growth = (
                _p(params, "sanctions.trend_growth", m)
                - _p(params, "sanctions.growth_cost_multilateral", m) * bite
            )
            out["gdp"][m, t] = gdp[t] * (1.0 + growth / 400.0)
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                change = 0.0
                for x, y in ((i, j), (j, i)):
                    bite_y = raw[y] * (1.0 - offset[y])
                    change -= _p(params, "sanctions.sender_repulsion", m) * s[x, y] * bite_y
                    change += (
                        _p(params, "sanctions.knight_attraction", m) * willing[x][y] * (offset[y])
                    )
                overlap = sum(gdp[x] / total * s[x, i] * s[x, j] for x in range(n))
                change += _p(params, "sanctions.isolation_pull", m) * overlap
                out["affinity"][m, i, j] = _saturating(a[i, j], change)
                rate = _p(params, "sanctions.defection_rate", m)
                out["sanctions"][m, i, j] = s[i, j] * (1.0 - rate * max(a[i, j], 0.0))
    return out


def arms(state, world, params):
    m_count, n = state.gdp.shape
    keys = ("transfers", "stockpile", "revenue", "tech", "affinity", "sanctions")
    out = {k: np.zeros_like(getattr(state, k)) for k in keys}
    for m in range(m_count):
        a, war, s, milex = state.affinity[m], state.war[m], state.sanctions[m], state.milex[m]
        gap = _p(params, "arms.munitions_gap", m)
        at_war = [max(war[i, j] for j in range(n)) for i in range(n)]
        value = [gap * _p(params, "arms.munitions_share", m) * milex[i] / 4.0 for i in range(n)]
        need = [
            max(at_war[i] - sum(state.transfers[m, j, i] for j in range(n)), 0.0) for i in range(n)
        ]
        exposure = [state.bite[m, i] + state.leakage[m, i] for i in range(n)]
        secondary = _p(params, "levers.secondary_sanctions", m)
        willing = [[0.0] * n for _ in range(n)]
        for j in range(n):
            for i in range(n):
                if i == j or need[i] <= 0:
                    continue
                risk = exposure[i] * (1.0 - exposure[j]) * (1.0 + secondary)
                tie = max(a[j, i], 0.0) + _tilt(world, params, m, j, i)
                aversion = _p(params, "arms.risk_aversion", m)
                willing[j][i] = min(max(tie - aversion * risk, 0.0), 1.0)
        offers = [[0.0] * n for _ in range(n)]
        for j in range(n):
            capacity = world.arms_capacity[j] * (1 - at_war[j])
            spread = max(sum(willing[j]), 1.0)
            for i in range(n):
                offers[j][i] = capacity * willing[j][i] / spread
        transfers = [[state.transfers[m, j, i] for i in range(n)] for j in range(n)]
        for i in range(n):
            offered = sum(offers[j][i] for j in range(n))
            filled = need[i] / offered if offered > 0 else 0.0
            for j in range(n):
                delivered = offers[j][i] * min(filled, 1.0)
                if (_code(world, j), _code(world, i)) == INTERDICTED:
                    delivered *= 1.0 - _p(params, "levers.interdiction", m)
                transfers[j][i] += delivered
        out["transfers"][m] = np.array(transfers)
        for i in range(n):
            received = sum(transfers[j][i] for j in range(n))
            out["stockpile"][m, i] = max(state.stockpile[m, i] + gap * (received - at_war[i]), 0.0)
            payment = sum(transfers[i][r] * value[r] for r in range(n))
            out["revenue"][m, i] = 4.0 * payment
            learning = sum(
                transfers[i][r] * max(state.tech[m, r] - state.tech[m, i], 0.0) for r in range(n)
            )
            rate = _p(params, "arms.tech_transfer_rate", m)
            out["tech"][m, i] = min(state.tech[m, i] + rate * learning, 1.0)
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                gain = _p(params, "arms.affinity_gain", m) * (transfers[i][j] + transfers[j][i])
                out["affinity"][m, i, j] = _saturating(a[i, j], gain)
                pressure = sum(
                    min(max(max(-a[i, r], war[i, r]), 0.0), 1.0) * transfers[j][r] for r in range(n)
                )
                response = _p(params, "arms.observer_response", m) * pressure
                out["sanctions"][m, i, j] = min(s[i, j] + response * (1.0 - s[i, j]), 1.0)
    return out


def deterrence(state, world, params):
    m_count, n = state.gdp.shape
    keys = ("capability", "threat", "milex", "restraint", "affinity")
    out = {k: np.zeros_like(getattr(state, k)) for k in keys}
    for m in range(m_count):
        a, war, alliance = state.affinity[m], state.war[m], state.alliance[m]
        gdp, milex = state.gdp[m], state.milex[m]
        output = [state.gdp[m, i] + state.revenue[m, i] for i in range(n)]
        e = _p(params, "deterrence.economic_weight", m)
        cap = [e * output[i] / sum(output) + (1 - e) * milex[i] / sum(milex) for i in range(n)]
        reference = world.world_burden0[m] * sum(output)
        power = [e * output[i] / sum(output) + (1 - e) * milex[i] / reference for i in range(n)]
        hostile = [
            [min(max(max(-a[i, j], war[i, j]), 0.0), 1.0) for j in range(n)] for i in range(n)
        ]
        shield = [0.0] * n
        for i in range(n):
            for k in range(n):
                if cap[k] > cap[i] and world.nuclear[k]:
                    credibility = (
                        _p(params, "levers.us_commitment", m) if _code(world, k) == PATRON else 1.0
                    )
                    cover = alliance[k, i] * max(a[k, i], 0.0) * credibility
                    shield[i] = max(shield[i], cover)
        contrib = [[0.0] * n for _ in range(n)]
        threat = [0.0] * n
        for i in range(n):
            for j in range(n):
                pact = min(sum(hostile[i][k] * alliance[k, j] for k in range(n)), 1.0)
                amp = 1.0 + _p(params, "deterrence.pact_amplifier", m) * pact
                contrib[i][j] = (
                    hostile[i][j]
                    * power[j]
                    * world.proximity[i, j]
                    * (1.0 + state.tech[m, j])
                    * amp
                )
            cover = _p(params, "deterrence.extended_cover", m)
            threat[i] = (1.0 - cover * shield[i]) * sum(contrib[i])
        scale = _p(params, "deterrence.threat_scale", m)
        k_, a_ = _p(params, "deterrence.reaction", m), _p(params, "deterrence.fatigue", m)
        peace = _p(params, "deterrence.max_burden", m)
        wartime = _p(params, "deterrence.max_burden_war", m)
        for i in range(n):
            out["capability"][m, i] = cap[i]
            out["threat"][m, i] = threat[i]
            x0 = world.burden0[i] * gdp[i]
            ratio = (threat[i] + scale) / (world.threat0[m, i] + scale)
            x = milex[i] + k_ * x0 * ratio - a_ * milex[i] + (a_ - k_) * x0
            at_war = max(war[i, j] for j in range(n))
            limit = max(peace + at_war * (wartime - peace), world.burden0[i]) * gdp[i]
            out["milex"][m, i] = min(max(x, 0.0), limit)
            worry = threat[i] / (threat[i] + scale)
            if world.nuclear[i]:
                exposure = state.bite[m, i] + state.leakage[m, i]
                pressure = _p(params, "deterrence.patron_shield", m) * shield[i] * exposure
            else:
                pressure = _p(params, "deterrence.hedging_rate", m) * (1 - shield[i]) * worry
            r = state.restraint[m, i]
            recovery = _p(params, "deterrence.restraint_recovery", m)
            r = r + recovery * (world.restraint_base[i] - r) - pressure * r
            out["restraint"][m, i] = min(max(r, 0.0), 1.0)
        worry = [t / (t + scale) for t in threat]
        profile = [[c / sum(row) if sum(row) > 0 else 0.0 for c in row] for row in contrib]
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                overlap = sum(profile[i][x] * profile[j][x] for x in range(n))
                change = _p(params, "deterrence.shared_threat_pull", m) * worry[i] * worry[j]
                out["affinity"][m, i, j] = _saturating(a[i, j], change * overlap)
    return out


def alignment(state, world, params, draws=None):
    """``draws`` (M, N (N - 1) / 2): the standard normals of the members' streams, or None."""
    m_count, n = state.gdp.shape
    out = {"affinity": np.zeros_like(state.affinity)}
    for m in range(m_count):
        a = state.affinity[m]
        noise = [[0.0] * n for _ in range(n)]
        if draws is not None:
            pos = 0
            for i in range(n):
                for j in range(i + 1, n):
                    noise[i][j] = noise[j][i] = draws[m, pos]
                    pos += 1
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                third = max(n - 2, 1)
                square = sum(a[i, k] * a[k, j] for k in range(n)) / third
                evidence = sum(abs(a[i, k]) * abs(a[k, j]) for k in range(n)) / third
                worst = max(state.sanctions[m, i, j], state.sanctions[m, j, i])
                base = (
                    _p(params, "alignment.treaty_affinity", m) * state.alliance[m, i, j]
                    + _p(params, "alignment.group_affinity", m) * world.shared_groups[i, j]
                    + _p(params, "alignment.arms_affinity", m) * world.arms_ties[i, j]
                    - _p(params, "alignment.rivalry_affinity", m) * world.rivalry[i, j]
                    - _p(params, "alignment.sanctions_affinity", m) * worst
                    - _p(params, "alignment.war_affinity", m) * state.war[m, i, j]
                )
                base = min(max(base, -1.0), 1.0)
                balance = square - evidence * a[i, j]
                change = _p(params, "alignment.balance_rate", m) * balance
                change -= _p(params, "alignment.decay", m) * (a[i, j] - base)
                change += _p(params, "alignment.noise", m) * noise[i][j]
                out["affinity"][m, i, j] = min(max(a[i, j] + change, -1.0), 1.0)
    return out


def richardson(x, y, reaction, fatigue, grievance, steps, dt=1.0):
    """Two-bloc Richardson race by plain Euler steps; returns the (steps + 1, 2) path.

    ``reaction``, ``fatigue`` and ``grievance`` are (x's, y's) pairs: (k, l), (a, b), (g, h).
    """
    (k, l_), (a, b), (g, h) = reaction, fatigue, grievance
    path = [(x, y)]
    for _ in range(steps):
        x, y = x + dt * (k * y - a * x + g), y + dt * (l_ * x - b * y + h)
        path.append((x, y))
    return np.array(path)


CORE = ("USA", "CHN", "RUS", "PRK", "KOR", "JPN", "UKR")


def random_case(seed: int, members: int = 3, n: int = 9):
    """A random (state, world) pair for oracle comparisons: every field in its range.

    The first states are the ones the levers act on, so every lever path is exercised;
    members differ in every dynamic field.
    """
    rng = np.random.default_rng(seed)
    codes = CORE[:n] + tuple(f"S{i:03d}" for i in range(len(CORE), n))

    def sym(values):
        upper = np.triu(values, 1)
        return upper + upper.swapaxes(-1, -2)

    def relation(low, high, density):
        values = rng.uniform(low, high, (members, n, n))
        return np.where(rng.random((members, n, n)) < density, values, 0.0)

    war = sym(
        np.where(rng.random((members, n, n)) < 0.15, rng.choice([0.5, 1.0], (members, n, n)), 0)
    )
    r, u = codes.index("RUS"), codes.index("UKR")
    war[:, r, u] = war[:, u, r] = 1.0
    sanctions = relation(0.0, 1.0, 0.5) * (1 - np.eye(n))
    transfers = relation(0.0, 1.0, 0.1) * (1 - np.eye(n))
    gdp = np.exp(rng.normal(5, 1.5, (members, n)))
    state = WorldState(
        quarter=8098,
        affinity=sym(rng.uniform(-1, 1, (members, n, n))),
        alliance=sym(rng.choice([0.0, 0.0, 0.5, 1.0], (members, n, n))),
        war=war,
        sanctions=sanctions,
        gdp=gdp,
        milex=gdp * rng.uniform(0.005, 0.1, (members, n)),
        capability=rng.random((members, n)),
        warheads=rng.integers(0, 100, (members, n)).astype(float),
        tech=rng.random((members, n)),
        stockpile=rng.uniform(0, 3, (members, n)),
        threat=rng.uniform(0, 0.1, (members, n)),
        restraint=rng.random((members, n)),
        bite=rng.uniform(0, 0.5, (members, n)),
        leakage=rng.uniform(0, 0.2, (members, n)),
        transfers=transfers,
        revenue=rng.uniform(0, 5, (members, n)),
    )
    proximity = sym(rng.uniform(0.1, 1.0, (n, n))) + np.eye(n)
    nuclear = rng.random(n) < 0.4
    nuclear[:4] = True
    world = World(
        codes=codes,
        names=codes,
        proximity=proximity,
        population=rng.uniform(1, 300, n),
        shared_groups=sym(rng.integers(0, 3, (n, n)).astype(float)),
        arms_ties=sym((rng.random((n, n)) < 0.3).astype(float)),
        rivalry=sym((rng.random((n, n)) < 0.2).astype(float)),
        burden0=rng.uniform(0.005, 0.1, n),
        restraint_base=rng.random(n),
        nuclear=nuclear,
        threat0=rng.uniform(0, 0.1, (members, n)),
        arms_capacity=rng.uniform(0, 2, n),
        world_burden0=rng.uniform(0.01, 0.04, members),
    )
    return state, world


def random_params(seed: int, members: int, vary=()):
    """Parameters drawn uniformly within their ranges; keys in ``vary`` differ by member."""
    rng = np.random.default_rng(seed)
    values = {}
    for key, spec in PARAMETERS.items():
        if spec.run_wide:
            values[key] = spec.default
            continue
        size = members if key in vary else None
        values[key] = rng.uniform(spec.low, spec.high, size)
    levers = {}
    for name, lever in LEVERS.items():
        size = members if f"levers.{name}" in vary else None
        if lever.kind == "float":
            levers[name] = rng.uniform(lever.low, lever.high, size)
        elif lever.kind == "choice":
            levers[name] = rng.choice(lever.choices, size)
        elif lever.kind == "bool":
            levers[name] = rng.random(size) < 0.5
        else:
            levers[name] = None
    overrides = {key: value for key, value in values.items() if np.ndim(value)}
    overrides |= {f"levers.{k}": v for k, v in levers.items() if np.ndim(v)}
    scalars = {key: value for key, value in values.items() if not np.ndim(value)}
    scalar_levers = {
        k: (v.item() if hasattr(v, "item") else v) for k, v in levers.items() if not np.ndim(v)
    }
    return resolve_params(
        {**{k: s.default for k, s in PARAMETERS.items()}, **scalars},
        {**{k: lv.default for k, lv in LEVERS.items()}, **scalar_levers},
        overrides,
        members,
    )
