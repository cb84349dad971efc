/* gen-rng.c: xoshiro256** (Blackman and Vigna), seeded by splitmix64. */
#include "sim/registry/gen-rng.h"

/* One step of splitmix64 on *@state. */
static guint64
gen_rng_splitmix (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* Seeds the four words of the state from splitmix64 (never all zero). */
void
gen_rng_init (GenRng *rng, guint64 seed)
{
  guint64 state = seed;

  for (guint i = 0; i < G_N_ELEMENTS (rng->s); i++)
    rng->s[i] = gen_rng_splitmix (&state);
}

/* Rotates @x left by @k bits. */
static inline guint64
gen_rng_rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

/* The next output of xoshiro256**. */
guint64
gen_rng_next (GenRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = gen_rng_rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = gen_rng_rotl (s[3], 45);
  return result;
}

/* Lemire's multiply-and-reject method on the upper 32 bits. */
guint32
gen_rng_below (GenRng *rng, guint32 n)
{
  guint64 m;
  guint32 low;

  if (n == 0)
    return 0;
  m = (gen_rng_next (rng) >> 32) * n;
  low = (guint32) m;
  if (low < n)
    {
      guint32 threshold = (guint32) (-n) % n;

      while (low < threshold)
        {
          m = (gen_rng_next (rng) >> 32) * n;
          low = (guint32) m;
        }
    }
  return (guint32) (m >> 32);
}

/* A number between @lo and @hi inclusive. */
int
gen_rng_range (GenRng *rng, int lo, int hi)
{
  if (hi <= lo)
    return lo;
  return lo + (int) gen_rng_below (rng, (guint32) (hi - lo) + 1);
}

/* A chance in thousandths. */
gboolean
gen_rng_permille (GenRng *rng, guint per_mille)
{
  return gen_rng_below (rng, 1000) < per_mille;
}

/* Walks the weights until the drawn number falls in one. */
guint
gen_rng_weighted (GenRng *rng, const guint *weights, guint n)
{
  guint total = 0;
  guint pick;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  pick = gen_rng_below (rng, total);
  for (guint i = 0; i < n; i++)
    {
      if (pick < weights[i])
        return i;
      pick -= weights[i];
    }
  return n - 1;
}

/* Fisher–Yates from the end. */
void
gen_rng_shuffle (GenRng *rng, guint32 *items, guint n)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = gen_rng_below (rng, i);
      guint32 swap = items[i - 1];

      items[i - 1] = items[j];
      items[j] = swap;
    }
}

/* splitmix64 of @a, then of the result mixed with @b. */
guint64
gen_rng_hash (guint64 a, guint64 b)
{
  guint64 state = a;
  guint64 first = gen_rng_splitmix (&state);

  state = first ^ b;
  return gen_rng_splitmix (&state);
}
