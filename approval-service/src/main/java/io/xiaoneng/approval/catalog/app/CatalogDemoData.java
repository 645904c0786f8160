package io.xiaoneng.approval.catalog.app;

import io.xiaoneng.approval.catalog.domain.CatalogItem;
import io.xiaoneng.approval.catalog.domain.ItemTerms;
import io.xiaoneng.approval.catalog.domain.ItemTerms.Fee;
import io.xiaoneng.approval.catalog.domain.ItemTerms.Form;
import io.xiaoneng.approval.catalog.domain.ItemTerms.Material;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The catalog part of the run command's demo data (xiaoneng.demo-data=true): items of the market, housing,
 * natural-resources and development-reform departments with their legal basis, limits, fees and materials; some
 * cancelled in the county's clean-up; and two composite business-licence items for parallel approval (并联审批).
 *
 * <p>Illustrative data: the laws and articles cited are real, the limits and fee standards are plausible values for
 * a demo, and the cancelling document is a fictitious county decision, not an official list. Idempotent (an item
 * that exists is left alone) and written through {@link CatalogService}, so the catalog events are published as for
 * any other change. Needs the demo departments (see {@code DemoData}).
 */
@ApplicationScoped
public class CatalogDemoData {

    private static final Logger LOG = Logger.getLogger(CatalogDemoData.class);

    /** The (fictitious) county decision of the catalog clean-up: 保留 600, 取消 574 in the report. */
    static final String CLEAN_UP_DECISION = "县人民政府关于公布县级行政审批事项清理结果的决定（县政发〔2025〕8号）";
    static final LocalDate CLEAN_UP_DATE = LocalDate.of(2025, 3, 31);

    static final String LICENSE = "ADMINISTRATIVE_LICENSE";
    static final String PUBLIC_SERVICE = "PUBLIC_SERVICE";
    static final String LICENSING_LAW = "《中华人民共和国行政许可法》";

    @Inject
    CatalogService catalog;

    /** One demo item; {@code cancelled} items are registered and then cancelled under the clean-up decision. */
    record Item(String implementationCode, String basicCode, String department, ItemTerms terms, boolean cancelled) {}

    @Transactional
    public void load() {
        int registered = 0;
        for (Item item : items()) {
            if (CatalogItem.findById(item.implementationCode()) != null) {
                continue;
            }
            catalog.register("system", item.implementationCode(), item.basicCode(), item.department(), item.terms());
            if (item.cancelled()) {
                catalog.cancel("system", item.implementationCode(), null, CLEAN_UP_DECISION, CLEAN_UP_DATE);
            }
            registered++;
        }
        LOG.infof("Demo data: %d catalog items added", registered);
    }

    // --- the items ------------------------------------------------------------------------------------------------

    static List<Item> items() {
        return List.of(
                // 县市场监督管理局
                item("01", "000104001000", "market", terms("企业设立登记", LICENSE,
                        "《中华人民共和国公司法》第二十九条；《市场主体登记管理条例》第三条、第十九条", 3, 1, true, 0,
                        List.of(),
                        List.of(original("公司登记（备案）申请书"), original("公司章程"), copy("股东的主体资格文件或者自然人身份证件"),
                                original("法定代表人、董事、监事和高级管理人员的任职文件"), copy("住所（经营场所）使用相关文件")))),
                item("01", "000104002000", "market", terms("个体工商户登记", LICENSE,
                        "《促进个体工商户发展条例》第八条；《市场主体登记管理条例》第十九条", 3, 1, true, 0,
                        List.of(), List.of(original("个体工商户登记申请书"), copy("经营者身份证件"), copy("经营场所使用相关文件")))),
                item("01", "000104003000", "market", terms("食品经营许可（新办）", LICENSE,
                        "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》第二十三条", 10, 5, true, 1,
                        List.of(),
                        List.of(original("食品经营许可申请书"), copy("营业执照或者其他主体资格证明文件"),
                                original("与食品经营相适应的主要设备设施、经营布局、操作流程等文件"), original("食品安全自查、从业人员健康管理等食品安全管理制度")))),
                item("01", "000104004000", "market", terms("特种设备使用登记", LICENSE,
                        "《中华人民共和国特种设备安全法》第三十三条；《特种设备使用管理规则》", 15, 5, true, 1,
                        List.of(), List.of(original("特种设备使用登记表"), copy("产品合格证"), copy("监督检验证明")))),
                cancelled(item("01", "000104005000", "market", terms("企业名称预先核准", LICENSE,
                        "《企业名称登记管理规定》（1991年）第十四条", 10, 3, false, 1,
                        List.of(), List.of(original("企业名称预先核准申请书"), copy("投资人身份证件"))))),

                // 县住房和城乡建设局
                item("02", "000109001000", "housing", terms("建筑工程施工许可证核发", LICENSE,
                        "《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》第五条", 7, 3, true, 1,
                        List.of(),
                        List.of(original("建筑工程施工许可申请表"), copy("建设工程规划许可证"), copy("施工合同"), original("施工图设计文件审查合格书")))),
                item("02", "000109002000", "housing", terms("商品房预售许可", LICENSE,
                        "《中华人民共和国城市房地产管理法》第四十五条；《城市商品房预售管理办法》第七条", 10, 5, false, 1,
                        List.of(),
                        List.of(original("商品房预售许可申请表"), copy("国有土地使用权证书"), copy("建设工程规划许可证和施工许可证"), original("商品房预售方案")))),
                item("02", "000109003000", "housing", terms("占用、挖掘城市道路审批", LICENSE,
                        "《城市道路管理条例》第三十条、第三十三条", 20, 5, false, 1,
                        List.of(new Fee("城市道路占用费", "《城市道路管理条例》第三十七条；省物价、财政部门核定的收费标准",
                                new BigDecimal("1.00"), new BigDecimal("3.00"), "元/平方米·日")),
                        List.of(original("占用、挖掘城市道路申请表"), original("施工方案及交通组织方案"), copy("建设项目批准文件")))),
                item("02", "000109004000", "housing", terms("城市建筑垃圾处置核准", LICENSE,
                        "《国务院对确需保留的行政审批项目设定行政许可的决定》第101项；《城市建筑垃圾管理规定》第七条", 20, 5, true, 1,
                        List.of(), List.of(original("城市建筑垃圾处置核准申请表"), original("建筑垃圾处置方案"), copy("运输车辆行驶证")))),
                item("02", "000109005000", "housing", terms("建设工程消防验收", LICENSE,
                        "《中华人民共和国消防法》第十三条；《建设工程消防设计审查验收管理暂行规定》第二十七条", 15, 10, false, 1,
                        List.of(), List.of(original("消防验收申请表"), original("工程竣工验收报告"), copy("涉及消防的建设工程竣工图纸")))),
                cancelled(item("02", "000109006000", "housing", terms("房地产开发企业资质核定（四级）", LICENSE,
                        "《城市房地产开发经营管理条例》第九条；《房地产开发企业资质管理规定》", 20, 10, false, 2,
                        List.of(), List.of(original("房地产开发企业资质申报表"), copy("营业执照"))))),

                // 县自然资源局
                item("03", "000112001000", "natural-resources", terms("建设项目用地预审与选址意见书核发", LICENSE,
                        "《中华人民共和国土地管理法》第五十二条；《中华人民共和国城乡规划法》第三十六条", 20, 10, true, 1,
                        List.of(), List.of(original("建设项目用地预审与选址申请表"), copy("项目建议书或可行性研究报告批复"), original("标注项目用地范围的土地利用现状图")))),
                item("03", "000112002000", "natural-resources", terms("建设用地规划许可证核发", LICENSE,
                        "《中华人民共和国城乡规划法》第三十七条、第三十八条", 20, 7, true, 1,
                        List.of(), List.of(original("建设用地规划许可申请表"), copy("国有土地使用权出让合同"), original("建设用地红线图")))),
                item("03", "000112003000", "natural-resources", terms("建设工程规划许可证核发", LICENSE,
                        "《中华人民共和国城乡规划法》第四十条", 20, 7, true, 1,
                        List.of(), List.of(original("建设工程规划许可申请表"), copy("土地使用权属证明"), original("建设工程设计方案总平面图")))),
                item("03", "000112004000", "natural-resources", terms("乡村建设规划许可证核发", LICENSE,
                        "《中华人民共和国城乡规划法》第四十一条", 20, 10, false, 1,
                        List.of(), List.of(original("乡村建设规划许可申请表"), copy("村民委员会意见"), original("建设工程设计图")))),
                item("03", "000112005000", "natural-resources", terms("不动产登记（首次、转移、变更）", PUBLIC_SERVICE,
                        "《不动产登记暂行条例》第二十条；《不动产登记暂行条例实施细则》", 30, 5, true, 1,
                        List.of(new Fee("不动产登记费（住宅类）", "《财政部 国家发展改革委关于不动产登记收费有关政策问题的通知》（财税〔2016〕79号）；《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）",
                                        new BigDecimal("80.00"), new BigDecimal("80.00"), "元/件"),
                                new Fee("不动产登记费（非住宅类）", "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）",
                                        new BigDecimal("550.00"), new BigDecimal("550.00"), "元/件")),
                        List.of(original("不动产登记申请书"), copy("申请人身份证明"), original("不动产权属来源证明材料")))),
                item("03", "000112006000", "natural-resources", terms("临时用地审批", LICENSE,
                        "《中华人民共和国土地管理法》第五十七条；《土地复垦条例》第十八条", 20, 10, false, 1,
                        List.of(new Fee("土地复垦费", "《土地复垦条例》第十八条；省财政、价格主管部门核定的收费标准",
                                new BigDecimal("6.00"), new BigDecimal("18.00"), "元/平方米")),
                        List.of(original("临时用地申请表"), original("土地复垦方案"), copy("临时使用土地合同")))),
                cancelled(item("03", "000112007000", "natural-resources", terms("建设项目压覆重要矿产资源审批（县级初审）", LICENSE,
                        "《中华人民共和国矿产资源法》第三十三条", 20, 15, false, 2,
                        List.of(), List.of(original("压覆矿产资源申请表"), original("压覆矿产资源评估报告"))))),

                // 县发展和改革局
                item("04", "000101001000", "development-reform", terms("企业投资项目核准", LICENSE,
                        "《企业投资项目核准和备案管理条例》第六条、第十一条", 20, 10, true, 1,
                        List.of(), List.of(original("项目申请报告"), copy("城乡规划行政主管部门出具的选址意见书"), copy("用地预审意见")))),
                item("04", "000101002000", "development-reform", terms("固定资产投资项目节能审查", LICENSE,
                        "《中华人民共和国节约能源法》第十五条；《固定资产投资项目节能审查办法》", 20, 10, true, 1,
                        List.of(), List.of(original("节能审查申请"), original("节能报告")))),
                item("04", "000101003000", "development-reform", terms("政府投资项目可行性研究报告审批", LICENSE,
                        "《政府投资条例》第九条、第十一条", 20, 10, false, 1,
                        List.of(), List.of(original("可行性研究报告"), copy("用地预审与选址意见书"), copy("社会稳定风险评估报告")))),
                cancelled(item("04", "000101004000", "development-reform", terms("县级价格鉴证机构资质认定", LICENSE,
                        "《价格鉴证机构管理规定》", 20, 10, false, 2,
                        List.of(), List.of(original("价格鉴证机构资质申请表"), copy("专业人员资格证书"))))),

                // 并联审批: composite business-licence items, lead market, joint limit (行政许可法 art. 42: 45 working days)
                item("01", "000104101000", "market", composite("企业开办并联审批（营业执照、经营场所规划核实、建设工程消防验收）",
                        LICENSING_LAW + "第二十六条、第四十二条；《市场主体登记管理条例》第十九条；《中华人民共和国城乡规划法》第四十五条；《中华人民共和国消防法》第十三条",
                        45, 15, List.of("natural-resources", "housing"),
                        List.of(original("企业开办一件事申请表"), original("公司章程"), copy("经营场所使用证明"), original("消防验收申请表")))),
                item("01", "000104102000", "market", composite("餐饮服务企业开办并联审批（营业执照、食品经营许可、建设工程消防验收）",
                        LICENSING_LAW + "第二十六条、第四十二条；《中华人民共和国食品安全法》第三十五条；《中华人民共和国消防法》第十三条",
                        45, 10, List.of("housing", "natural-resources"),
                        List.of(original("餐饮企业开办一件事申请表"), original("食品经营许可申请书"), original("经营场所布局图"), original("消防验收申请表")))));
    }

    private static Item item(String deptNo, String basicCode, String department, ItemTerms terms) {
        // 实施编码 (illustrative): county division code 341122, a department number, the basic code (基本编码).
        return new Item("341122" + deptNo + basicCode, basicCode, department, terms, false);
    }

    private static Item cancelled(Item item) {
        return new Item(item.implementationCode(), item.basicCode(), item.department(), item.terms(), true);
    }

    private static ItemTerms terms(String name, String category, String legalBasis, int statutory, int committed,
                                   boolean online, int maxVisits, List<Fee> fees, List<Material> materials) {
        return new ItemTerms(name, category, legalBasis, statutory, committed, online, maxVisits, null,
                false, false, null, List.of(), fees, materials);
    }

    private static ItemTerms composite(String name, String legalBasis, int statutory, int committed,
                                       List<String> participating, List<Material> materials) {
        // 容缺受理 allowed: minor materials may follow on a signed pledge, common practice for business start-ups.
        return new ItemTerms(name, LICENSE, legalBasis, statutory, committed, true, 1, null,
                true, true, "market", participating, List.of(), materials);
    }

    private static Material original(String name) {
        return new Material(name, Form.ORIGINAL, 1, true);
    }

    private static Material copy(String name) {
        return new Material(name, Form.COPY, 1, true);
    }
}
