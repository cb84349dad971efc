/* gen-rng.h: the generator's own random numbers (xoshiro256** seeded by splitmix64), so that a
 * seed gives the same registry on every machine and every GLib version. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 s[4];
} GenRng;

/* Seeds @rng from @seed. */
void gen_rng_init (GenRng *rng, guint64 seed);

/* The next 64 random bits. */
guint64 gen_rng_next (GenRng *rng);

/* A number in [0, @n) without modulo bias; 0 when @n is 0. */
guint32 gen_rng_below (GenRng *rng, guint32 n);

/* A number in [@lo, @hi] (@lo when @hi < @lo). */
int gen_rng_range (GenRng *rng, int lo, int hi);

/* TRUE with probability @per_mille / 1000. */
gboolean gen_rng_permille (GenRng *rng, guint per_mille);

/* An index into @weights (@n of them), drawn in proportion to the weights. */
guint gen_rng_weighted (GenRng *rng, const guint *weights, guint n);

/* Shuffles @n guint32 in place (Fisher–Yates). */
void gen_rng_shuffle (GenRng *rng, guint32 *items, guint n);

/* 64 bits that depend only on @a and @b (splitmix64 of both): a reproducible value that does not
 * consume the stream. */
guint64 gen_rng_hash (guint64 a, guint64 b);

G_END_DECLS
