// SPDX-License-Identifier: GPL-2.0
/*
 * Contract: Device Tree lookup. Each case applies the overlay
 * dmaengine_of_dma.dtso, registers software controllers for some of its
 * controller nodes (by channel id, by request line through a filter, and a
 * request router in front of the first), gives a client node to a device
 * and asks dma_request_chan() for a channel by name, as a driver's probe
 * does. Channels land where "dmas" points; a controller that has not
 * registered yet (or never will, being disabled) defers; a description
 * that names no usable channel fails with -ENODEV, unless a board table
 * names the pair. "dma-requests" and "dma-channel-mask" are the binding's
 * business, left to the controller's driver and xlate, as upstream does.
 */

#include <kunit/device.h>
#include <kunit/of.h>
#include <kunit/test.h>
#include <linux/dmaengine.h>
#include <linux/of.h>
#include <linux/of_dma.h>
#include <linux/slab.h>

#include "dmaengine_test_provider.h"

#define TEST_ROOT	"/dmaengine-of-dma-test/"

/* Include guard of our core's drivers/dma/dmaengine.h; upstream's differs. */
#ifdef _DRIVERS_DMA_DMAENGINE_H
#define OURS_CORE	true
#else
#define OURS_CORE	false
#endif

KUNIT_DEFINE_ACTION_WRAPPER(of_dma_free_action, of_dma_controller_free,
			    struct device_node *);

/**
 * struct test_router - a request router in front of "dma-controller-by-id"
 * @router: what of_dma_router_register() takes; @router.dev is a device of
 *	the case whose driver data points back here
 * @fail: when non-zero, route allocation fails with this errno
 * @allocs: routes allocated
 * @frees: routes freed
 *
 * Routes are made and freed in the requesting task, one case at a time:
 * no lock.
 */
struct test_router {
	struct dma_router router;
	int fail;
	unsigned int allocs;
	unsigned int frees;
};

/* The overlay's node @name, referenced until the case ends. */
static struct device_node *test_node(struct kunit *test, const char *name)
{
	char path[64];
	struct device_node *np;

	snprintf(path, sizeof(path), TEST_ROOT "%s", name);
	np = of_find_node_by_path(path);
	KUNIT_ASSERT_NOT_NULL_MSG(test, np, "no %s: overlay not applied", path);
	of_node_put_kunit(test, np);
	return np;
}

/* A device for client node @name, as the bus would have made it. */
static struct device *test_client(struct kunit *test, const char *name)
{
	struct device *dev = tdma_client_dev(test);

	device_set_node(dev, of_fwnode_handle(test_node(test, name)));
	return dev;
}

/* A four-channel controller whose device stands for node @name. */
static struct tdma_dev *node_controller(struct kunit *test, const char *name)
{
	struct tdma_dev *td = tdma_create(test, 4, 0, NULL, 0);

	device_set_node(td->dma.dev, of_fwnode_handle(test_node(test, name)));
	return td;
}

static void register_node(struct kunit *test, struct device_node *np,
			  struct dma_chan *(*xlate)(struct of_phandle_args *,
						    struct of_dma *),
			  void *data)
{
	KUNIT_ASSERT_EQ(test, of_dma_controller_register(np, xlate, data), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, of_dma_free_action,
							np), 0);
}

/* "dma-controller-by-id": the cell is the channel number. */
static struct tdma_dev *by_id_controller(struct kunit *test, const char *name)
{
	struct tdma_dev *td = node_controller(test, name);

	register_node(test, td->dma.dev->of_node, of_dma_xlate_by_chan_id,
		      &td->dma);
	return td;
}

static bool line_filter(struct dma_chan *chan, void *param)
{
	return to_tdma_chan(chan)->index == *(u32 *)param;
}

/* Controller node @name whose cell is a request line, seen by @filter. */
static struct tdma_dev *filter_controller(struct kunit *test, const char *name,
					  dma_filter_fn filter)
{
	struct tdma_dev *td = node_controller(test, name);
	struct of_dma_filter_info *info;

	info = kunit_kzalloc(test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, info);
	dma_cap_set(DMA_SLAVE, info->dma_cap);
	info->filter_fn = filter;
	register_node(test, td->dma.dev->of_node, of_dma_simple_xlate, info);
	return td;
}

/* "dma-controller-by-line": request line n is channel n. */
static struct tdma_dev *by_line_controller(struct kunit *test)
{
	return filter_controller(test, "dma-controller-by-line", line_filter);
}

/*
 * Incoming request line n goes to channel n % 3 of the controller. A
 * three-cell entry <line tc event> is checked as the am335x crossbar's
 * driver does: its router's "dma-requests" counts events, not lines.
 */
static void *test_route_allocate(struct of_phandle_args *spec,
				 struct of_dma *ofdma)
{
	struct test_router *tr = container_of(ofdma->dma_router,
					      struct test_router, router);
	struct device_node *master;
	u32 *route, events;

	if (tr->fail)
		return ERR_PTR(tr->fail);
	if (spec->args_count == 3 &&
	    (of_property_read_u32(ofdma->of_node, "dma-requests", &events) ||
	     spec->args[2] >= events))
		return ERR_PTR(-EINVAL);
	master = of_parse_phandle(ofdma->of_node, "dma-masters", 0);
	if (!master)
		return ERR_PTR(-ENODEV);
	route = kmalloc(sizeof(*route), GFP_KERNEL);
	if (!route) {
		of_node_put(master);
		return ERR_PTR(-ENOMEM);
	}
	*route = spec->args[0];
	spec->np = master;
	spec->args_count = 1;
	spec->args[0] = *route % 3;
	tr->allocs++;
	return route;
}

static void test_route_free(struct device *dev, void *route_data)
{
	struct test_router *tr = dev_get_drvdata(dev);

	tr->frees++;
	kfree(route_data);
}

static struct test_router *test_router_at(struct kunit *test,
					  const char *node)
{
	struct device_node *np = test_node(test, node);
	struct test_router *tr;
	int ret;

	tr = kunit_kzalloc(test, sizeof(*tr), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tr);
	tr->router.dev = kunit_device_register(test, "router");
	KUNIT_ASSERT_FALSE(test, IS_ERR(tr->router.dev));
	tr->router.route_free = test_route_free;
	dev_set_drvdata(tr->router.dev, tr);

	ret = of_dma_router_register(np, test_route_allocate, &tr->router);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, of_dma_free_action,
							np), 0);
	return tr;
}

static struct test_router *test_router(struct kunit *test)
{
	return test_router_at(test, "dma-router");
}

/* dma_request_chan() for client node @client; a channel is tracked. */
static struct dma_chan *request(struct kunit *test, struct device *client,
				const char *name)
{
	struct dma_chan *chan = dma_request_chan(client, name);

	return IS_ERR(chan) ? chan : tdma_track(test, chan);
}

static int dmaengine_of_dma_init(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, of_overlay_apply_kunit(test, dmaengine_of_dma), 0);
	return 0;
}

static void entries_land_where_dmas_points(struct kunit *test)
{
	struct tdma_dev *by_id = by_id_controller(test, "dma-controller-by-id");
	struct tdma_dev *by_line = by_line_controller(test);
	struct device *client = test_client(test, "client-basic");
	struct dma_chan *tx = request(test, client, "tx");
	struct dma_chan *rx = request(test, client, "rx");

	KUNIT_EXPECT_PTR_EQ(test, tx, &by_id->chans[1].vc.chan);
	KUNIT_EXPECT_PTR_EQ(test, rx, &by_line->chans[1].vc.chan);
}

/* Two entries of one name: two requests get both channels, a third none. */
static void entries_of_one_name_are_all_used(struct kunit *test)
{
	struct tdma_dev *td = by_id_controller(test, "dma-controller-by-id");
	struct device *client = test_client(test, "client-spread");
	struct dma_chan *first = request(test, client, "rx");
	struct dma_chan *second = request(test, client, "rx");

	KUNIT_ASSERT_FALSE(test, IS_ERR(first));
	KUNIT_ASSERT_FALSE(test, IS_ERR(second));
	KUNIT_EXPECT_EQ(test, first->chan_id + second->chan_id, 2);
	KUNIT_EXPECT_NE(test, first->chan_id, second->chan_id);
	KUNIT_EXPECT_PTR_EQ(test, first->device, &td->dma);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(request(test, client, "rx")),
			-ENODEV);
}

/* A controller registering after a deferred request serves the retry. */
static void late_controller_serves_the_retry(struct kunit *test)
{
	struct device *client = test_client(test, "client-faults");
	struct tdma_dev *td;
	struct dma_chan *chan;

	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(request(test, client, "late")),
			-EPROBE_DEFER);
	td = by_id_controller(test, "dma-controller-late");
	chan = request(test, client, "late");
	KUNIT_ASSERT_FALSE(test, IS_ERR(chan));
	KUNIT_EXPECT_PTR_EQ(test, chan, &td->chans[0].vc.chan);
}

struct of_fault {
	const char *desc;
	const char *client;
	const char *name;
	int err;
};

static const struct of_fault of_faults[] = {
	{ "controller not registered", "client-faults", "late", -EPROBE_DEFER },
	/* A disabled controller never registers, so it looks like a late one. */
	{ "disabled controller", "client-faults", "disabled", -EPROBE_DEFER },
	{ "channel the controller lacks", "client-faults", "absent", -ENODEV },
	{ "name not in dma-names", "client-basic", "video", -ENODEV },
	{ "entry short of its cells", "client-malformed", "tx", -ENODEV },
	{ "dmas without dma-names", "client-nameless", "tx", -ENODEV },
	{ "deferral wins over failure", "client-defer-wins", "rx",
	  -EPROBE_DEFER },
	/* Optional-DMA drivers take -ENODEV as "use PIO". */
	{ "firmware silent about DMA", "client-silent", "tx", -ENODEV },
};

static void of_fault_desc(const struct of_fault *f, char *desc)
{
	strscpy(desc, f->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(of_fault, of_faults, of_fault_desc);

static void faulty_description_gives_its_errno(struct kunit *test)
{
	const struct of_fault *f = test->param_value;
	struct device *client;
	struct test_router *tr;

	by_id_controller(test, "dma-controller-by-id");
	by_line_controller(test);
	tr = test_router(test);
	client = test_client(test, f->client);

	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(request(test, client, f->name)),
			f->err);
	KUNIT_EXPECT_EQ(test, tr->allocs, tr->frees);
}

static void router_routes_to_its_master(struct kunit *test)
{
	struct tdma_dev *td = by_id_controller(test, "dma-controller-by-id");
	struct test_router *tr = test_router(test);
	struct device *client = test_client(test, "client-routed");
	struct dma_chan *chan = request(test, client, "tx");

	KUNIT_ASSERT_FALSE(test, IS_ERR(chan));
	/* Incoming line 5 is channel 5 % 3 of the master. */
	KUNIT_EXPECT_PTR_EQ(test, chan, &td->chans[2].vc.chan);
	KUNIT_EXPECT_PTR_EQ(test, chan->router, &tr->router);
	KUNIT_ASSERT_NOT_NULL(test, chan->route_data);
	KUNIT_EXPECT_EQ(test, *(u32 *)chan->route_data, 5);
	KUNIT_EXPECT_EQ(test, tr->allocs, 1);

	tdma_put_chan(test, chan);
	KUNIT_EXPECT_EQ(test, tr->frees, 1);
}

static void router_without_master_defers(struct kunit *test)
{
	struct test_router *tr = test_router(test);
	struct device *client = test_client(test, "client-routed");

	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(request(test, client, "tx")),
			-EPROBE_DEFER);
	KUNIT_EXPECT_EQ(test, tr->allocs, 1);
	KUNIT_EXPECT_EQ(test, tr->frees, 1);
}

/* A route that cannot be made means no channel from that entry. */
static void router_error_means_no_channel(struct kunit *test)
{
	struct test_router *tr;
	struct device *client;

	by_id_controller(test, "dma-controller-by-id");
	tr = test_router(test);
	client = test_client(test, "client-routed");
	tr->fail = -EBUSY;
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(request(test, client, "tx")),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, tr->frees, 0);
}

/* "tx" and "rx" of @client are channels @tx and @rx of @td. */
static void expect_tx_rx(struct kunit *test, struct device *client,
			 struct tdma_dev *td, unsigned int tx, unsigned int rx)
{
	KUNIT_EXPECT_PTR_EQ(test, request(test, client, "tx"),
			    &td->chans[tx].vc.chan);
	KUNIT_EXPECT_PTR_EQ(test, request(test, client, "rx"),
			    &td->chans[rx].vc.chan);
}

static bool one_based_filter(struct dma_chan *chan, void *param)
{
	return to_tdma_chan(chan)->index + 1 == *(u32 *)param;
}

/*
 * OMAP sDMA numbers its request lines from 1 up to dma-requests; the dra7
 * crossbar hands it xbar_out + 1. The top line must reach the xlate.
 */
static void one_based_lines_reach_the_xlate(struct kunit *test)
{
	struct tdma_dev *td = filter_controller(test, "dma-controller-one-based",
						one_based_filter);
	struct device *client = test_client(test, "client-one-based");

	expect_tx_rx(test, client, td, 3, 0);
}

/*
 * An am335x-style crossbar: the first cell (5) is beyond the router's
 * dma-requests (4), which counts the events of the third cell.
 */
static void router_dma_requests_is_the_routers_business(struct kunit *test)
{
	struct tdma_dev *td = by_id_controller(test, "dma-controller-by-id");
	struct test_router *tr = test_router_at(test, "dma-router-3cell");
	struct device *client = test_client(test, "client-xbar3");

	KUNIT_EXPECT_PTR_EQ(test, request(test, client, "tx"),
			    &td->chans[2].vc.chan);
	KUNIT_EXPECT_EQ(test, tr->allocs, 1);
}

/*
 * dma-channel-mask names hardware channels; a driver honouring it
 * registers only the free ones, which the core numbers from 0. The cell of
 * of_dma_xlate_by_chan_id() is that number, whatever the mask says.
 */
static void channel_mask_is_the_drivers_business(struct kunit *test)
{
	struct tdma_dev *td = tdma_create(test, 2, 0, NULL, 0);
	struct device *client;

	device_set_node(td->dma.dev,
			of_fwnode_handle(test_node(test, "dma-controller-masked")));
	register_node(test, td->dma.dev->of_node, of_dma_xlate_by_chan_id,
		      &td->dma);
	client = test_client(test, "client-masked");

	expect_tx_rx(test, client, td, 0, 1);
}

/*
 * A node that names no usable channel leaves the request to the board
 * tables: a table naming the pair serves it, a busy one defers.
 */
static void board_table_serves_what_the_node_does_not_name(struct kunit *test)
{
	struct device *client = test_client(test, "client-silent");
	struct dma_slave_map *map;
	struct tdma_dev *td;
	const char *devname;

	devname = kunit_kstrdup_const(test, dev_name(client), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, devname);
	map = kunit_kcalloc(test, 2, sizeof(*map), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, map);
	map[0].devname = devname;
	map[0].slave = "tx";
	map[0].param = (void *)(uintptr_t)0;
	map[1].devname = devname;
	map[1].slave = "video";
	map[1].param = (void *)(uintptr_t)1;
	td = tdma_create(test, 2, 0, map, 2);

	KUNIT_EXPECT_PTR_EQ(test, request(test, client, "tx"),
			    &td->chans[0].vc.chan);
	/* A node with "dmas" but without the name: the table still counts. */
	device_set_node(client, of_fwnode_handle(test_node(test, "client-basic")));
	KUNIT_EXPECT_PTR_EQ(test, request(test, client, "video"),
			    &td->chans[1].vc.chan);
	device_set_node(client, of_fwnode_handle(test_node(test, "client-silent")));
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(request(test, client, "tx")),
			-EPROBE_DEFER);
}

static int refuse_route(struct dma_chan *chan)
{
	return -EIO;
}

/* The master refuses the route: no channel is held, the route is freed. */
static void router_config_failure_releases_the_channel(struct kunit *test)
{
	struct tdma_dev *td = by_id_controller(test, "dma-controller-by-id");
	struct test_router *tr = test_router(test);
	struct device *client = test_client(test, "client-routed");
	struct dma_chan *chan;

	td->dma.device_router_config = refuse_route;
	chan = request(test, client, "tx");

	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(chan), -EIO);
	KUNIT_EXPECT_EQ(test, tr->allocs, 1);
	KUNIT_EXPECT_EQ(test, tr->frees, 1);
	KUNIT_EXPECT_EQ(test, td->chans[2].vc.chan.client_count, 0);
	KUNIT_EXPECT_NULL(test, td->chans[2].vc.chan.router);
}

/*
 * A controller leaving the registry while a client holds one of its
 * channels: the channel goes on working, new requests defer.
 */
static void held_channel_outlives_registration(struct kunit *test)
{
	struct tdma_dev *td = by_id_controller(test, "dma-controller-by-id");
	struct device *client = test_client(test, "client-basic");
	struct dma_chan *chan = request(test, client, "tx");
	struct tdma_rec *rec = tdma_rec_new(test, 1);

	KUNIT_ASSERT_FALSE(test, IS_ERR(chan));
	of_dma_controller_free(td->dma.dev->of_node);

	tdma_submit_memcpy(test, chan, rec, 0, 64);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_TRUE(test, tdma_rec_wait(rec));
	KUNIT_EXPECT_EQ(test, rec->slots[0].result.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(request(test, client, "tx")),
			-EPROBE_DEFER);
}

static struct dma_chan *never_xlate(struct of_phandle_args *spec,
				    struct of_dma *ofdma)
{
	return NULL;
}

static void *never_route(struct of_phandle_args *spec, struct of_dma *ofdma)
{
	return ERR_PTR(-ENODEV);
}

static void registration_checks_its_arguments(struct kunit *test)
{
	struct device_node *np = test_node(test, "dma-controller-late");
	struct dma_router router = { .route_free = test_route_free };

	KUNIT_EXPECT_EQ(test, of_dma_controller_register(NULL, never_xlate,
							 NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, of_dma_controller_register(np, NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, of_dma_router_register(np, NULL, &router),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, of_dma_router_register(np, never_route, NULL),
			-EINVAL);
	/* Freeing a node nobody registered is harmless. */
	of_dma_controller_free(np);

	if (!OURS_CORE)
		kunit_skip(test, "upstream's core registers a node twice");
	register_node(test, np, never_xlate, NULL);
	KUNIT_EXPECT_EQ(test, of_dma_controller_register(np, never_xlate, NULL),
			-EEXIST);
}

static struct kunit_case dmaengine_of_dma_cases[] = {
	KUNIT_CASE(entries_land_where_dmas_points),
	KUNIT_CASE(entries_of_one_name_are_all_used),
	KUNIT_CASE(late_controller_serves_the_retry),
	KUNIT_CASE_PARAM(faulty_description_gives_its_errno,
			 of_fault_gen_params),
	KUNIT_CASE(router_routes_to_its_master),
	KUNIT_CASE(router_without_master_defers),
	KUNIT_CASE(router_error_means_no_channel),
	KUNIT_CASE(one_based_lines_reach_the_xlate),
	KUNIT_CASE(router_dma_requests_is_the_routers_business),
	KUNIT_CASE(channel_mask_is_the_drivers_business),
	KUNIT_CASE(board_table_serves_what_the_node_does_not_name),
	KUNIT_CASE(router_config_failure_releases_the_channel),
	KUNIT_CASE(held_channel_outlives_registration),
	KUNIT_CASE(registration_checks_its_arguments),
	{}
};

static struct kunit_suite dmaengine_of_dma_suite = {
	.name = "dmaengine_of_dma",
	.init = dmaengine_of_dma_init,
	.test_cases = dmaengine_of_dma_cases,
};

kunit_test_suite(dmaengine_of_dma_suite);
