// SPDX-License-Identifier: GPL-2.0
/*
 * A QEMU TCG plugin for "make profile": guest instructions executed per
 * translated block, counted between two marker instructions the bench
 * module executes around each figure.
 *
 * The markers are no-ops to the guest: "nopl <magic>(%rax)" with a
 * displacement no compiler emits, 0x0d3a0001 to open a window and
 * 0x0d3a0002 to close it. When a window closes the plugin appends
 *
 *	window <n>
 *	<block start address, hex> <instructions>
 *	...
 *
 * to the file named by its out= argument, one line per block that ran in
 * the window; harness.py turns the addresses into kernel symbols.
 *
 * QEMU 7.2 ships the plugin ABI but not its header, so the few entry
 * points used here are declared below (plugin API version 1).
 *
 * Build: cc -shared -fPIC -O2 -o insn-profile.so insn-profile.c
 * Use:   qemu-system-x86_64 -plugin ./insn-profile.so,out=FILE ...
 */

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the subset of QEMU's plugin API (version 1) this plugin calls */

#define PLUGIN_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
struct qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;

enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };

typedef void (*qemu_plugin_tb_trans_fn)(qemu_plugin_id_t id,
					struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_insn_exec_fn)(unsigned int vcpu, void *data);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_tb_trans_fn cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
					      enum qemu_plugin_op op,
					      void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_insn_exec_fn cb,
					    enum qemu_plugin_cb_flags flags,
					    void *data);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
						 size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);

PLUGIN_EXPORT int qemu_plugin_version = 1;

/* ---- the profile */

#define MARK_OPEN	0x0d3a0001u
#define MARK_CLOSE	0x0d3a0002u

/*
 * One translation of a block. QEMU adds 1 to @runs each time it starts;
 * @base is @runs when the current window opened. A block translated again
 * (other flags, or after a flush) gets a record of its own: the inline
 * counter's address must stay valid as long as the translation lives, so
 * records are never freed or moved.
 */
struct block {
	uint64_t vaddr;
	uint64_t insns;
	uint64_t runs;
	uint64_t base;
};

/* Pages of records; the array of page pointers may move, records don't. */
#define BLOCKS_PER_PAGE	4096

static struct block **pages;
static size_t nblocks, npages;
/*
 * Translation and the marker callbacks run on vCPU threads: one thread
 * for all vCPUs under -icount, several with MTTCG, hence the lock.
 */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const char *out_path;
static unsigned int window;
static int window_open;

static struct block *block_new(uint64_t vaddr, uint64_t insns)
{
	struct block *b;

	if (nblocks == npages * BLOCKS_PER_PAGE) {
		struct block **more = realloc(pages, (npages + 1) * sizeof(*pages));

		if (!more)
			return NULL;
		pages = more;
		pages[npages] = calloc(BLOCKS_PER_PAGE, sizeof(struct block));
		if (!pages[npages])
			return NULL;
		npages++;
	}
	b = &pages[nblocks / BLOCKS_PER_PAGE][nblocks % BLOCKS_PER_PAGE];
	nblocks++;
	b->vaddr = vaddr;
	b->insns = insns;
	b->base = 0;
	b->runs = 0;
	return b;
}

static struct block *block_at(size_t i)
{
	return &pages[i / BLOCKS_PER_PAGE][i % BLOCKS_PER_PAGE];
}

static void window_start(void)
{
	size_t i;

	for (i = 0; i < nblocks; i++)
		block_at(i)->base = block_at(i)->runs;
	window_open = 1;
}

static void window_dump(void)
{
	struct block *b;
	FILE *f;
	size_t i;

	window_open = 0;
	f = fopen(out_path, "a");
	if (!f) {
		perror(out_path);
		return;
	}
	fprintf(f, "window %u\n", window++);
	for (i = 0; i < nblocks; i++) {
		b = block_at(i);
		if (b->runs != b->base)
			fprintf(f, "%llx %llu\n", (unsigned long long)b->vaddr,
				(unsigned long long)((b->runs - b->base) *
						     b->insns));
	}
	fclose(f);
}

static void on_marker(unsigned int vcpu, void *data)
{
	uint32_t mark = (uint32_t)(uintptr_t)data;

	(void)vcpu;
	pthread_mutex_lock(&lock);
	if (mark == MARK_OPEN)
		window_start();
	else if (window_open)
		window_dump();
	pthread_mutex_unlock(&lock);
}

/* "nopl disp32(%rax)": 0f 1f 80 and the little-endian displacement. */
static uint32_t marker_of(const struct qemu_plugin_insn *insn)
{
	const uint8_t *p = qemu_plugin_insn_data(insn);
	uint32_t disp;

	if (qemu_plugin_insn_size(insn) != 7 ||
	    p[0] != 0x0f || p[1] != 0x1f || p[2] != 0x80)
		return 0;
	memcpy(&disp, p + 3, sizeof(disp));
	return disp == MARK_OPEN || disp == MARK_CLOSE ? disp : 0;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), i;
	struct block *b;

	(void)id;
	pthread_mutex_lock(&lock);
	b = block_new(qemu_plugin_tb_vaddr(tb), n);
	pthread_mutex_unlock(&lock);
	if (!b)
		return;
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &b->runs, 1);
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint32_t mark = marker_of(insn);

		if (!mark)
			continue;
		qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker,
						       QEMU_PLUGIN_CB_NO_REGS,
						       (void *)(uintptr_t)mark);
	}
}

PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
				      const struct qemu_info_t *info,
				      int argc, char **argv)
{
	int i;

	(void)info;
	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out_path = argv[i] + 4;
	if (!out_path) {
		fprintf(stderr, "insn-profile: needs out=FILE\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	return 0;
}
