<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>&lt;b&gt;{row}: {title}.&lt;/b&gt; {caption}</source>
        <translation>&lt;b&gt;{row}：{title}。&lt;/b&gt;{caption}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;{row}: {title}&lt;/h3&gt;&lt;p&gt;{caption}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{row}：{title}&lt;/h3&gt;&lt;p&gt;{caption}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;What the engine shows, checked by &lt;i&gt;bnviz check-lessons&lt;/i&gt;:&lt;/p&gt;&lt;ul&gt;{claims}&lt;/ul&gt;</source>
        <translation>&lt;p&gt;引擎给出的结论（由 &lt;i&gt;bnviz check-lessons&lt;/i&gt; 检查）：&lt;/p&gt;&lt;ul&gt;{claims}&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>&lt;h2&gt;bnviz lessons&lt;/h2&gt;Batch normalization and hyperparameter tuning, one lesson per concept of the notes. Double-click a lesson (or press Enter) to open it; PageDown / PageUp step through them in class.</source>
        <translation>&lt;h2&gt;bnviz 课程&lt;/h2&gt;批标准化与超参数调试，笔记里的每个概念对应一课。双击一课（或按回车）打开；上课时用 PgDown / PgUp 逐课切换。</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开这一课</translation>
    </message>
    <message>
        <source>Broken lesson file, not listed: {problem}</source>
        <translation>课程文件有误，未列出：{problem}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;{row}: {title}&lt;/h3&gt;&lt;p&gt;{caption}&lt;/p&gt;&lt;p&gt;&lt;i&gt;Opens the {lab}, seed {seed}.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{row}：{title}&lt;/h3&gt;&lt;p&gt;{caption}&lt;/p&gt;&lt;p&gt;&lt;i&gt;打开「{lab}」，随机种子 {seed}。&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>more</source>
        <extracomment>the caption bar shows at most this many lines until &quot;more&quot; is pressed: the plots keep the screen a window less high than this (a 1280x720 or 1366x768 projector) shows two lines of caption</extracomment>
        <translation>展开</translation>
    </message>
    <message>
        <source>Show the whole caption (Help &gt; This lesson shows it too)</source>
        <translation>显示完整说明（「帮助 &gt; 本课说明」也能看到）</translation>
    </message>
    <message>
        <source>less</source>
        <translation>收起</translation>
    </message>
    <message>
        <source>as fast as possible</source>
        <extracomment>the screen height PRESENTATION_SCALE is meant for: a smaller projector gets a proportionally smaller scale keys a focused spin or combo box must not swallow (the window&apos;s run shortcuts) the toolbar&apos;s speeds: English source (shown as ``tr(text)``), steps per second</extracomment>
        <translation>尽可能快</translation>
    </message>
    <message>
        <source>500 steps/s</source>
        <translation>500 步/秒</translation>
    </message>
    <message>
        <source>100 steps/s</source>
        <translation>100 步/秒</translation>
    </message>
    <message>
        <source>20 steps/s</source>
        <translation>20 步/秒</translation>
    </message>
    <message>
        <source>5 steps/s</source>
        <translation>5 步/秒</translation>
    </message>
    <message>
        <source>1 step/s</source>
        <translation>1 步/秒</translation>
    </message>
    <message>
        <source>Light theme</source>
        <extracomment>View menu names of the themes (``bnviz.ui.theme.THEMES``), shown as ``tr(name)``</extracomment>
        <translation>浅色主题</translation>
    </message>
    <message>
        <source>Dark theme</source>
        <translation>深色主题</translation>
    </message>
    <message>
        <source>Lessons</source>
        <extracomment>seconds a lab stays hidden before its idle worker process is given back (``TrainingBridge.release``) the widest step readout, for the status label&apos;s fixed width a lab&apos;s page was just built (``lab_by_key``), with the page build the next lesson&apos;s lab once a lesson has opened and sits paused (the app does; tests need not) give back the worker of a lab hidden for RELEASE_AFTER_S, idle at step 0 (the app does; tests need not)</extracomment>
        <translation>课程</translation>
    </message>
    <message>
        <source>Open a lesson, or pick a lab tab.</source>
        <translation>打开一课，或选择一个实验标签页。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>{n} lesson file(s) skipped</source>
        <translation>跳过了 {n} 个课程文件</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Step epoch</source>
        <translation>单个 epoch</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Reset lesson</source>
        <translation>重置本课</translation>
    </message>
    <message>
        <source>Restore the lesson as it opened: its settings and seed (Shift+R)</source>
        <translation>把本课恢复到刚打开时的样子：设置和随机种子 (Shift+R)</translation>
    </message>
    <message>
        <source>Re-fit axes</source>
        <translation>重新适配坐标轴</translation>
    </message>
    <message>
        <source>New seed</source>
        <translation>新种子</translation>
    </message>
    <message>
        <source>Play / pause training (Space)</source>
        <translation>开始 / 暂停训练 (空格)</translation>
    </message>
    <message>
        <source>Train on one mini-batch (Right or S)</source>
        <translation>在一个 mini-batch 上训练一步 (→ 或 S)</translation>
    </message>
    <message>
        <source>Train one epoch (Shift+Right)</source>
        <translation>训练一个 epoch (Shift+→)</translation>
    </message>
    <message>
        <source>Back to step 0 with the same seed, paused (R)</source>
        <translation>用同一个随机种子回到第 0 步并暂停 (R)</translation>
    </message>
    <message>
        <source>Re-fit histogram bins and axes (F)</source>
        <translation>重新适配直方图的分箱和坐标轴 (F)</translation>
    </message>
    <message>
        <source>Draw a new random seed and restart (N)</source>
        <translation>抽取新的随机种子并重新开始 (N)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source> Speed </source>
        <translation> 速度 </translation>
    </message>
    <message>
        <source> Seed </source>
        <translation> 种子 </translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open session...</source>
        <translation>打开会话(&amp;O)...</translation>
    </message>
    <message>
        <source>&amp;Save session...</source>
        <translation>保存会话(&amp;S)...</translation>
    </message>
    <message>
        <source>&amp;Import data...</source>
        <translation>导入数据(&amp;I)...</translation>
    </message>
    <message>
        <source>E&amp;xport data...</source>
        <translation>导出数据(&amp;X)...</translation>
    </message>
    <message>
        <source>&amp;Export figures...</source>
        <translation>导出图(&amp;E)...</translation>
    </message>
    <message>
        <source>&amp;Copy figure</source>
        <translation>复制图(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Hide / show settings</source>
        <translation>隐藏 / 显示设置</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>Lesson &amp;list</source>
        <translation>课程列表(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Next lesson</source>
        <translation>下一课(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous lesson</source>
        <translation>上一课(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>This &amp;lesson</source>
        <translation>本课说明(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About bnviz</source>
        <translation>关于 bnviz(&amp;A)</translation>
    </message>
    <message>
        <source>Enlarge plot / put it back</source>
        <translation>放大图 / 放回原处</translation>
    </message>
    <message>
        <source>Show the plot under the mouse alone, filling the lab (Z or double-click)</source>
        <translation>单独显示鼠标下方的图，铺满整个实验页（Z 或双击）</translation>
    </message>
    <message>
        <source>Back (enlarged plot, pen)</source>
        <translation>返回（放大的图、画笔）</translation>
    </message>
    <message>
        <source>Highlight pen</source>
        <translation>荧光笔</translation>
    </message>
    <message>
        <source>Draw on the plots with the mouse; strokes fade after a few seconds (D)</source>
        <translation>用鼠标在图上画线；笔迹几秒后淡出 (D)</translation>
    </message>
    <message>
        <source>Clear the pen&apos;s strokes</source>
        <translation>清除画笔笔迹</translation>
    </message>
    <message>
        <source>Pin this step</source>
        <translation>标记这一步</translation>
    </message>
    <message>
        <source>Mark the current step on every plot over steps (P; Shift+P clears)</source>
        <translation>在每张随步数变化的图上标记当前这一步（P；Shift+P 清除）</translation>
    </message>
    <message>
        <source>Clear pins</source>
        <translation>清除标记</translation>
    </message>
    <message>
        <source>step 0</source>
        <translation>第 0 步</translation>
    </message>
    <message>
        <source>step {step}  epoch {epoch}  {rate:.0f} steps/s</source>
        <translation>第 {step} 步  epoch {epoch}  {rate:.0f} 步/秒</translation>
    </message>
    <message>
        <source>bnviz {version}: batch norm and hyperparameter tuning lab</source>
        <translation>bnviz {version}：批标准化与超参数调试实验室</translation>
    </message>
    <message>
        <source>{n:g} steps/s</source>
        <translation>{n:g} 步/秒</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>training stopped: {failure}</source>
        <translation>训练已停止：{failure}</translation>
    </message>
    <message>
        <source>Lesson not loaded</source>
        <translation>课程未能加载</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>bnviz session (*.json)</source>
        <translation>bnviz 会话 (*.json)</translation>
    </message>
    <message>
        <source>Session not saved</source>
        <translation>会话未保存</translation>
    </message>
    <message>
        <source>Could not write {name}: {exc}</source>
        <translation>无法写入 {name}：{exc}</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>bnviz session (*.json);;All files (*)</source>
        <translation>bnviz 会话 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Session not opened</source>
        <translation>会话未打开</translation>
    </message>
    <message>
        <source>{name} was not opened: {exc}</source>
        <translation>{name} 未能打开：{exc}</translation>
    </message>
    <message>
        <source>Export figures to folder</source>
        <translation>把图导出到文件夹</translation>
    </message>
    <message>
        <source>Export figures</source>
        <translation>导出图</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Image width (pixels)</source>
        <translation>图像宽度（像素）</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>exported {n} files to {directory}</source>
        <translation>已导出 {n} 个文件到 {directory}</translation>
    </message>
    <message>
        <source>figure copied to the clipboard</source>
        <translation>图已复制到剪贴板</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>No lesson is open: pick one on the Lessons tab (Ctrl+L), or step through them with PageDown.</source>
        <translation>还没有打开任何一课：在「课程」页选择一课 (Ctrl+L)，或用 PgDown 逐课切换。</translation>
    </message>
    <message>
        <source>This lesson</source>
        <translation>本课说明</translation>
    </message>
    <message>
        <source>About bnviz</source>
        <translation>关于 bnviz</translation>
    </message>
    <message>
        <source>bnviz {version}
A visual lab for batch normalization and hyperparameter tuning.
All numbers come from its NumPy engine, trained live.</source>
        <translation>bnviz {version}
批标准化与超参数调试的可视化实验室。
所有数字都来自它的 NumPy 引擎，现场训练得出。</translation>
    </message>
    <message>
        <source>reset to step 0</source>
        <translation>已重置到第 0 步</translation>
    </message>
    <message>
        <source>rebuilt from step 0: data or architecture changed</source>
        <translation>已从第 0 步重建：数据或网络结构改变了</translation>
    </message>
    <message>
        <source>paused where the lesson makes its point: Space goes on, R replays</source>
        <translation>已在本课的要点处暂停：按空格继续，按 R 重看</translation>
    </message>
    <message>
        <source>Hyperparameter Search</source>
        <translation>超参数搜索</translation>
    </message>
    <message>
        <source>Panda vs Caviar</source>
        <translation>熊猫式 vs 鱼子式</translation>
    </message>
    <message>
        <source>Batch Norm Lab</source>
        <translation>批标准化实验</translation>
    </message>
    <message>
        <source>Covariate Shift Lab</source>
        <translation>协变量偏移实验</translation>
    </message>
    <message>
        <source>BN at Test Time</source>
        <translation>测试时的 BN</translation>
    </message>
    <message>
        <source>Softmax Lab</source>
        <translation>Softmax 实验</translation>
    </message>
    <message>
        <source>Inside the Engine</source>
        <translation>引擎内部</translation>
    </message>
    <message>
        <source>BN vs no BN</source>
        <translation>有 BN vs 无 BN</translation>
    </message>
    <message>
        <source>normalized vs raw inputs</source>
        <translation>标准化输入 vs 原始输入</translation>
    </message>
    <message>
        <source>off: one run</source>
        <translation>关：只训练一个网络</translation>
    </message>
    <message>
        <source>Twin</source>
        <translation>对照组</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>学习曲线</translation>
    </message>
    <message>
        <source>BN paper Fig. 1</source>
        <translation>BN 论文图 1</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>决策区域</translation>
    </message>
    <message>
        <source>γ β stats</source>
        <translation>γ β 统计</translation>
    </message>
    <message>
        <source>Contours</source>
        <translation>等高线</translation>
    </message>
    <message>
        <source>Draw your own training points on the plot: click adds a point, drag paints, right-click removes; both twins go on training on them</source>
        <extracomment>Edit data on the Regions tab, File &gt; Import data / Export data on the 2-D sets: both twins train on the same hand-made points (``cfg.train.data``)</extracomment>
        <translation>在图上绘制你自己的训练点：单击添加一个点，拖动绘制，右键删除；两个孪生网络都在这些点上继续训练</translation>
    </message>
    <message>
        <source>Edit data needs a 2-D data set: digits are images (choose a 2-D set, or File &gt; Import data for your own points)</source>
        <extracomment>the data that cannot take hand-made points, said where the Edit data button is</extracomment>
        <translation>编辑数据需要二维数据集：数字是图像（请选择二维数据集，或用 文件 &gt; 导入数据 导入你自己的点）</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>各层</translation>
    </message>
    <message>
        <source>Curves, Fig. 1, ...</source>
        <translation>学习曲线、图 1 ……</translation>
    </message>
    <message>
        <source>single run ({run})</source>
        <translation>单个网络（{run}）</translation>
    </message>
    <message>
        <source>same start, same batches. &amp;#160;Middle column: what the activation receives (z̃ = γ·z_norm + β with BN); dotted: g(x).</source>
        <translation>相同的起点，相同的 mini-batch。&amp;#160;中列：激活函数接收到的输入（有 BN 时为 z̃ = γ·z_norm + β）；点线：g(x)。</translation>
    </message>
    <message>
        <source>{run}: loss {train:.3f} / val {val:.3f}, val acc {acc:.1%}</source>
        <translation>{run}：损失 {train:.3f} / 验证 {val:.3f}，验证准确率 {acc:.1%}</translation>
    </message>
    <message>
        <source>{run} diverged at step {step} ({reason})</source>
        <translation>{run} 在第 {step} 步发散（{reason}）</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>γ and β per unit (now)</source>
        <translation>每个单元的 γ 和 β（当前）</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>γ solid, β dashed: first units</source>
        <translation>γ 实线，β 虚线：前几个单元</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>mean: batch vs running</source>
        <translation>各单元的均值</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>variance: batch vs running</source>
        <translation>各单元的方差</translation>
    </message>
    <message>
        <source>variance</source>
        <translation>方差</translation>
    </message>
    <message>
        <source>||dL/db|| of the Dense bias (kept bias: stays 0 with BN)</source>
        <translation>Dense 层偏置的 ||dL/db||（保留偏置时：有 BN 则始终为 0）</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>γ and β</source>
        <translation>γ 和 β</translation>
    </message>
    <message>
        <source>batch vs running</source>
        <translation>mini-batch vs 指数加权平均</translation>
    </message>
    <message>
        <source>bias gradient</source>
        <translation>偏置的梯度</translation>
    </message>
    <message>
        <source>last batch</source>
        <translation>最近一个 mini-batch</translation>
    </message>
    <message>
        <source>running</source>
        <translation>指数加权平均</translation>
    </message>
    <message>
        <source>Layer {n}</source>
        <translation>第 {n} 层</translation>
    </message>
    <message>
        <source>Batch norm is off: no γ, β or running statistics to show.</source>
        <translation>批标准化已关闭：没有 γ、β 或指数加权平均统计量可显示。</translation>
    </message>
    <message>
        <source>With BN the Dense bias b is dropped by default (β takes its role); tick “{keep}” to see its gradient stay at zero.</source>
        <translation>有 BN 时默认去掉 Dense 层的偏置 b（由 β 接替它的作用）；勾选「{keep}」可以看到它的梯度始终为零。</translation>
    </message>
    <message>
        <source>Keep Dense bias b</source>
        <translation>保留 Dense 层的偏置 b</translation>
    </message>
    <message>
        <source>Loss (cross-entropy)</source>
        <translation>损失（交叉熵）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>log-scale steps</source>
        <translation>步数用对数轴</translation>
    </message>
    <message>
        <source>{run} train</source>
        <translation>{run} 训练集</translation>
    </message>
    <message>
        <source>{run} validation</source>
        <translation>{run} 验证集</translation>
    </message>
    <message>
        <source>Decision regions are drawn for 2-D data sets (moons, circles, xor, spiral, blobs).</source>
        <translation>决策区域只对二维数据集绘制（双月、同心圆、异或、螺旋、高斯团）。</translation>
    </message>
    <message>
        <source>{run}: validation accuracy {acc:.1%}</source>
        <translation>{run}：验证准确率 {acc:.1%}</translation>
    </message>
    <message>
        <source>{run} 15th</source>
        <extracomment>the log step axis&apos;s ticks (log10 of the step): decades labelled, 2..9 times a decade unlabelled; pyqtgraph&apos;s own labels every 2..9 times a decade, and on a wide plot they run into each other the legend names of (b)&apos;s three lines per run: 15th percentile, median, 85th percentile</extracomment>
        <translation>{run} 第 15 百分位</translation>
    </message>
    <message>
        <source>{run} median</source>
        <translation>{run} 中位数</translation>
    </message>
    <message>
        <source>{run} 85th</source>
        <translation>{run} 第 85 百分位</translation>
    </message>
    <message>
        <source>{run} reached {pct} validation accuracy in {n:.0f} steps</source>
        <translation>{run} 用 {n:.0f} 步达到 {pct} 的验证准确率</translation>
    </message>
    <message>
        <source>{run} has not reached {pct} validation accuracy (step {now})</source>
        <translation>{run} 还没有达到 {pct} 的验证准确率（第 {now} 步）</translation>
    </message>
    <message>
        <source>Neither run has reached {pct} validation accuracy yet (step {now})</source>
        <translation>两个网络都还没有达到 {pct} 的验证准确率（第 {now} 步）</translation>
    </message>
    <message>
        <source>{a} reached {pct} validation accuracy in {n:.0f} steps, {b} in {m:.0f} ({m:.0f}/{n:.0f} = &lt;b&gt;{ratio:.1f}×&lt;/b&gt; fewer steps with {winner})</source>
        <translation>{a} 用 {n:.0f} 步达到 {pct} 的验证准确率，{b} 用了 {m:.0f} 步（{m:.0f}/{n:.0f}：{winner} 的训练步数减少 &lt;b&gt;{ratio:.1f} 倍&lt;/b&gt;）</translation>
    </message>
    <message>
        <source>{a} reached {pct} validation accuracy in {n:.0f} steps, {b} not yet after {now} (already &lt;b&gt;&amp;gt; {ratio:.0f}×&lt;/b&gt;)</source>
        <translation>{a} 用 {n:.0f} 步达到 {pct} 的验证准确率，{b} 到第 {now} 步还没有达到（已经 &lt;b&gt;&amp;gt; {ratio:.0f} 倍&lt;/b&gt;）</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>The unit whose percentiles are tracked, from the next probe on</source>
        <translation>跟踪其百分位数的单元（从下一次探测起生效）</translation>
    </message>
    <message>
        <source>log step axis</source>
        <translation>步数用对数轴</translation>
    </message>
    <message>
        <source>A logarithmic step axis shows BN&apos;s first tens of steps and no BN&apos;s hundreds side by side; untick for the paper&apos;s linear axis</source>
        <translation>对数步数轴能把 BN 的前几十步和无 BN 的几百步并排显示；取消勾选则使用论文中的线性轴</translation>
    </message>
    <message>
        <source>(a) Validation accuracy</source>
        <translation>(a) 验证准确率</translation>
    </message>
    <message>
        <source>(b) One unit&apos;s activation input: 15/50/85th pct</source>
        <translation>(b) 单个单元的激活函数输入：第 15/50/85 百分位数</translation>
    </message>
    <message>
        <source>activation input</source>
        <translation>激活函数的输入</translation>
    </message>
    <message>
        <source>(c) Same percentiles, all units of the layer</source>
        <translation>(c) 同样的百分位数：该层的所有单元</translation>
    </message>
    <message>
        <source>(a) Accuracy</source>
        <translation>(a) 准确率</translation>
    </message>
    <message>
        <source>(b) One unit</source>
        <translation>(b) 单个单元</translation>
    </message>
    <message>
        <source>(c) All units</source>
        <translation>(c) 所有单元</translation>
    </message>
    <message>
        <source>BN paper (Ioffe &amp; Szegedy 2015), Figure 1: with BN the net learns in far fewer steps and the distribution a layer feeds its activation stays steady.</source>
        <translation>BN 论文（Ioffe 与 Szegedy，2015）图 1：有 BN 时，网络用少得多的步数就学会了，而且每一层送入激活函数的分布保持稳定。</translation>
    </message>
    <message>
        <source>Hatched grey bars beyond the ends: values outside the bins (+N of them), counted apart, not data in a bin. The bins re-fit by themselves when many values leave them; F re-fits them now.</source>
        <translation>两端外侧的灰色斜线条：落在分箱范围之外的值（共 +N 个），单独计数，不属于任何分箱。大量数值越出范围时分箱会自动重新适配；按 F 立即重新适配。</translation>
    </message>
    <message>
        <source>count</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>layer {n}: count</source>
        <translation>第 {n} 层：计数</translation>
    </message>
    <message>
        <source>{act} input</source>
        <translation>{act} 的输入</translation>
    </message>
    <message>
        <source>output (BN: BN(a))</source>
        <translation>输出（BN：BN(a)）</translation>
    </message>
    <message>
        <source>running averages (deployed model)</source>
        <extracomment>The matching kind when the data set switches between points and images.</extracomment>
        <translation>指数加权平均（部署后的模型）</translation>
    </message>
    <message>
        <source>the test batch&apos;s own statistics</source>
        <translation>测试批自身的统计量</translation>
    </message>
    <message>
        <source>no shift</source>
        <extracomment>What each shift kind does, in words: {p} is ``shift_parameter``, {deg} the same angle in degrees.</extracomment>
        <translation>无偏移</translation>
    </message>
    <message>
        <source>every point moves {p:.2f} (raw units) along the diagonal</source>
        <translation>每个点沿对角线移动 {p:.2f}（原始单位）</translation>
    </message>
    <message>
        <source>distances from the data&apos;s centre × {p:.2f}</source>
        <translation>到数据中心的距离 × {p:.2f}</translation>
    </message>
    <message>
        <source>rotation by {deg:.0f}° about the data&apos;s centre</source>
        <translation>绕数据中心旋转 {deg:.0f}°</translation>
    </message>
    <message>
        <source>+{p:.2f} on every pixel (clipped to [0, 1])</source>
        <translation>每个像素 +{p:.2f}（截断到 [0, 1]）</translation>
    </message>
    <message>
        <source>deviations from mid-grey × {p:.2f}</source>
        <translation>与中灰的偏差 × {p:.2f}</translation>
    </message>
    <message>
        <source>train on the lowest {p:.0%} by {score}; test on all</source>
        <translation>只用「{score}」最低的 {p:.0%} 训练；在全部数据上测试</translation>
    </message>
    <message>
        <source>ink (mean intensity)</source>
        <translation>墨迹量（平均灰度）</translation>
    </message>
    <message>
        <source>first coordinate x₁</source>
        <translation>第一个坐标 x₁</translation>
    </message>
    <message>
        <source>Covariate shift</source>
        <translation>协变量偏移</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>偏移</translation>
    </message>
    <message>
        <source>Magnitude</source>
        <translation>幅度</translation>
    </message>
    <message>
        <source>BN at test time uses</source>
        <translation>测试时 BN 使用</translation>
    </message>
    <message>
        <source>How BN normalises at test time: the running averages kept during training (a deployed model), or the statistics of the (shifted) test batch itself.</source>
        <translation>测试时 BN 用什么做标准化：训练时保存的指数加权平均（部署后的模型），或（偏移后的）测试批自身的统计量。</translation>
    </message>
    <message>
        <source>Noisy BN (Santurkar et al. 2018)</source>
        <translation>加噪 BN（Santurkar 等，2018）</translation>
    </message>
    <message>
        <source>shift a</source>
        <translation>平移 a</translation>
    </message>
    <message>
        <source>Per step and unit, add m ~ U(-a, a) after BN (same place without BN)</source>
        <translation>每一步、每个单元在 BN 之后加上 m ~ U(-a, a)（无 BN 时加在同一位置）</translation>
    </message>
    <message>
        <source>scale b</source>
        <translation>缩放 b</translation>
    </message>
    <message>
        <source>Per step and unit, multiply by s ~ U(1, 1+b) after BN</source>
        <translation>每一步、每个单元在 BN 之后乘以 s ~ U(1, 1+b)</translation>
    </message>
    <message>
        <source>Drift probe</source>
        <translation>漂移探测</translation>
    </message>
    <message>
        <source>Compare every k steps</source>
        <translation>每 k 步比较一次</translation>
    </message>
    <message>
        <source>Internal covariate shift: compare each layer&apos;s input distribution with the one this many steps earlier</source>
        <translation>内部协变量偏移：把每一层的输入分布与这么多步之前的分布相比较</translation>
    </message>
    <message>
        <source>Draw your own training points on the plot: click adds a point, drag paints, right-click removes; both twins go on training on them, and the shift moves your points</source>
        <translation>在图上绘制你自己的训练点：单击添加一个点，拖动绘制，右键删除；两个孪生网络都在这些点上继续训练，偏移会移动你的点</translation>
    </message>
    <message>
        <source>Inputs &amp;&amp; accuracy</source>
        <translation>输入与准确率</translation>
    </message>
    <message>
        <source>Internal cov. shift</source>
        <translation>内部协变量偏移</translation>
    </message>
    <message>
        <source>Noisy BN</source>
        <translation>加噪 BN</translation>
    </message>
    <message>
        <source>Re-tune α</source>
        <translation>重调 α</translation>
    </message>
    <message>
        <source>Inputs, drift, ...</source>
        <translation>输入、漂移 ……</translation>
    </message>
    <message>
        <source>Each layer&apos;s activation input on training inputs (filled {bn}{plain}) and on shifted inputs (&lt;span style=&apos;color:{shift}&apos;&gt;&lt;b&gt;outline&lt;/b&gt;&lt;/span&gt;). &lt;b&gt;W₁&lt;/b&gt;: their distance, &lt;i&gt;shifts.layer_distance&lt;/i&gt; (mean per-unit earth mover&apos;s distance, activation units; σ: ÷ the units&apos; spread). Hover for more.</source>
        <translation>每一层激活函数的输入：训练输入上（实心 {bn}{plain}）与偏移输入上（&lt;span style=&apos;color:{shift}&apos;&gt;&lt;b&gt;轮廓线&lt;/b&gt;&lt;/span&gt;）。&lt;b&gt;W₁&lt;/b&gt;：两者的距离（各单元推土机距离的平均，单位与激活值相同；σ：÷ 各单元的分布宽度）。悬停可查看详细说明。</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>{run}: test acc {before} → {after} all</source>
        <translation>{run}：测试准确率 {before} → {after}（全部）</translation>
    </message>
    <message>
        <source>{run}: test acc {before} → {after} shifted</source>
        <translation>{run}：测试准确率 {before} → {after}（偏移后）</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>x₁ (raw units)</source>
        <extracomment>the twins, left to right (a single run uses the first)</extracomment>
        <translation>x₁（原始单位）</translation>
    </message>
    <message>
        <source>x₂ (raw units)</source>
        <translation>x₂（原始单位）</translation>
    </message>
    <message>
        <source>training inputs</source>
        <translation>训练输入</translation>
    </message>
    <message>
        <source>shifted inputs</source>
        <translation>偏移后的输入</translation>
    </message>
    <message>
        <source>Pixel intensities</source>
        <translation>像素灰度</translation>
    </message>
    <message>
        <source>intensity</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>fraction of pixels</source>
        <translation>像素比例</translation>
    </message>
    <message>
        <source>training | shifted</source>
        <translation>训练 | 偏移后</translation>
    </message>
    <message>
        <source>all inputs</source>
        <translation>全部输入</translation>
    </message>
    <message>
        <source>Inputs: {n} training rows (grey) vs {what} (purple)</source>
        <translation>输入：{n} 个训练样本（灰色）vs {what}（紫色）</translation>
    </message>
    <message>
        <source>training | all</source>
        <translation>训练 | 全部</translation>
    </message>
    <message>
        <source>&lt;b&gt;W₁&lt;/b&gt; = mean over the layer&apos;s units of the Wasserstein-1 (earth mover&apos;s) distance between a unit&apos;s values on the training inputs and on the shifted inputs (&lt;i&gt;shifts.layer_distance&lt;/i&gt;), in activation units: a whole distribution moved by t gives t. &lt;b&gt;÷σ&lt;/b&gt;: the same divided by the units&apos; spread on training inputs.</source>
        <extracomment>What W1 is (English; shown as ``tr(DISTANCE_DOC)``)</extracomment>
        <translation>&lt;b&gt;W₁&lt;/b&gt; = 对该层所有单元取平均的一阶推土机距离（W₁ 距离），比较的是每个单元在训练输入上和在偏移输入上的取值，单位与激活值相同：整个分布平移 t，距离就是 t。&lt;b&gt;÷σ&lt;/b&gt;：同一距离除以各单元在训练输入上的分布宽度。</translation>
    </message>
    <message>
        <source>W₁ {distance:.3f} ({relative:.2f}σ)</source>
        <translation>W₁ {distance:.3f}（{relative:.2f}σ）</translation>
    </message>
    <message>
        <source>layer {n}</source>
        <translation>第 {n} 层</translation>
    </message>
    <message>
        <source>activation input z̃</source>
        <translation>激活函数的输入 z̃</translation>
    </message>
    <message>
        <source>activation input z</source>
        <translation>激活函数的输入 z</translation>
    </message>
    <message>
        <source>{run} test accuracy {before} → &lt;b&gt;{after}&lt;/b&gt; all</source>
        <translation>{run} 测试准确率 {before} → &lt;b&gt;{after}&lt;/b&gt;（全部）</translation>
    </message>
    <message>
        <source>{run} test accuracy {before} → &lt;b&gt;{after}&lt;/b&gt; shifted</source>
        <translation>{run} 测试准确率 {before} → &lt;b&gt;{after}&lt;/b&gt;（偏移后）</translation>
    </message>
    <message>
        <source>{run}: {before} on test inputs from the training distribution, {after} on all test inputs</source>
        <translation>{run}：在与训练同分布的测试输入上为 {before}，在全部测试输入上为 {after}</translation>
    </message>
    <message>
        <source>{run}: {before} on test inputs from the training distribution, {after} on shifted test inputs</source>
        <translation>{run}：在与训练同分布的测试输入上为 {before}，在偏移后的测试输入上为 {after}</translation>
    </message>
    <message>
        <source>magnitude {m}</source>
        <extracomment>a sweep&apos;s progress as the engine says it (CovariateExperiment.sweep_*), and its words on screen</extracomment>
        <translation>幅度 {m}</translation>
    </message>
    <message>
        <source>slice {m}, {run}</source>
        <translation>子集 {m}，{run}</translation>
    </message>
    <message>
        <source>before drift, {run}, α={lr}</source>
        <translation>漂移前，{run}，α={lr}</translation>
    </message>
    <message>
        <source>after drift, {run}, α={lr}</source>
        <translation>漂移后，{run}，α={lr}</translation>
    </message>
    <message>
        <source>done</source>
        <extracomment>what every job&apos;s row may say besides its own progress</extracomment>
        <translation>已完成</translation>
    </message>
    <message>
        <source>sub-population</source>
        <translation>子群体</translation>
    </message>
    <message>
        <source>failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Sweep shift</source>
        <translation>扫描偏移</translation>
    </message>
    <message>
        <source>Evaluate the trained twins at every magnitude of the current shift</source>
        <translation>在当前偏移的每个幅度上评估训练好的两个对照网络</translation>
    </message>
    <message>
        <source>Test accuracy vs shift magnitude</source>
        <translation>测试准确率 vs 偏移幅度</translation>
    </message>
    <message>
        <source>shift magnitude (slider value)</source>
        <translation>偏移幅度（滑块值）</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Press &lt;i&gt;Sweep shift&lt;/i&gt;: the trained twins are evaluated on the test inputs shifted by each magnitude (the dashed line is the slider).</source>
        <translation>按&lt;i&gt;「扫描偏移」&lt;/i&gt;：用每个幅度偏移测试输入，评估训练好的两个对照网络（虚线是滑块的位置）。</translation>
    </message>
    <message>
        <source>Test accuracy vs shift magnitude (not swept yet)</source>
        <translation>测试准确率 vs 偏移幅度（尚未扫描）</translation>
    </message>
    <message>
        <source>running averages</source>
        <translation>训练时的指数加权平均</translation>
    </message>
    <message>
        <source>each batch&apos;s own statistics</source>
        <translation>每个批自身的统计量</translation>
    </message>
    <message>
        <source>Test accuracy vs {kind} magnitude</source>
        <translation>测试准确率 vs {kind}幅度</translation>
    </message>
    <message>
        <source>Sub-population: each point is a fresh BN / no-BN pair trained for {step} steps on the slice of that magnitude (0: all rows), then tested on all test rows (BN uses {stats}).</source>
        <translation>子群体：每个点都是一对新训练的 BN / 无 BN 网络，在对应幅度的数据子集上训练 {step} 步（0：全部样本），然后在全部测试样本上测试（BN 使用{stats}）。</translation>
    </message>
    <message>
        <source>The twins as trained at step {step}, evaluated on test inputs shifted by each magnitude (BN uses {stats}). The dashed line is the slider.</source>
        <translation>第 {step} 步时的两个对照网络，在按每个幅度偏移的测试输入上评估（BN 使用{stats}）。虚线是滑块的位置。</translation>
    </message>
    <message>
        <source>input mean</source>
        <extracomment>What the drift tab can plot: (key, combo text, snapshot field over time, run-average field, y label)</extracomment>
        <translation>输入均值</translation>
    </message>
    <message>
        <source>|Δ mean| ÷ σ</source>
        <translation>|Δ 均值| ÷ σ</translation>
    </message>
    <message>
        <source>input variance</source>
        <translation>输入方差</translation>
    </message>
    <message>
        <source>|Δ log var|</source>
        <translation>|Δ log 方差|</translation>
    </message>
    <message>
        <source>whole distribution</source>
        <translation>整个分布</translation>
    </message>
    <message>
        <source>Mean moves</source>
        <translation>均值的移动</translation>
    </message>
    <message>
        <source>Variance moves</source>
        <translation>方差的移动</translation>
    </message>
    <message>
        <source>W₁ moves</source>
        <translation>W₁ 的移动</translation>
    </message>
    <message>
        <source>plot</source>
        <translation>绘制</translation>
    </message>
    <message>
        <source>What the top plot shows for the chosen layer, probe to probe (the bars below show all three for every layer)</source>
        <translation>上方的图对所选层显示什么（逐次探测）；下方的柱状图对每一层三者都显示</translation>
    </message>
    <message>
        <source>W₁ only: divide by the layer&apos;s spread, so BN&apos;s unit-scale values and a plain layer&apos;s values of any scale compare fairly (mean and variance moves are scale-free already)</source>
        <translation>只对 W₁：除以该层的分布宽度，这样 BN 的单位尺度取值与普通层任意尺度的取值可以公平比较（均值和方差的移动本来就与尺度无关）</translation>
    </message>
    <message>
        <source>log y</source>
        <translation>y 轴对数</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>{title} ({unit}) per probe, per layer, averaged over the run so far</source>
        <translation>每次探测、每一层的{title}（{unit}），对目前为止的训练取平均</translation>
    </message>
    <message>
        <source>{n} (last)</source>
        <translation>{n}（最后一层）</translation>
    </message>
    <message>
        <source>Layer {n}, {measure}: move per {k} steps</source>
        <translation>第 {n} 层，{measure}：每 {k} 步的移动</translation>
    </message>
    <message>
        <source>The same probe batch every {k} steps; bars: each layer&apos;s moves averaged over the run. BN pins each unit&apos;s input mean and variance (to β, γ); the whole distribution (W₁) can still move (Santurkar et al. 2018). Hover a plot for its unit.</source>
        <translation>每 {k} 步使用同一个探测批；柱状图：每一层的移动量对整个训练取平均。BN 把每个单元输入的均值和方差固定住（固定为 β、γ）；整个分布（W₁）仍然可以移动（Santurkar 等人，2018）。把鼠标悬停在图上可查看其单位。</translation>
    </message>
    <message>
        <source> &lt;b&gt;Noisy BN is on&lt;/b&gt;: the probe includes the injected noise.</source>
        <translation> &lt;b&gt;加噪 BN 已开启&lt;/b&gt;：探测结果包含注入的噪声。</translation>
    </message>
    <message>
        <source>Mini-batch training loss (with the injected noise)</source>
        <translation>mini-batch 训练损失（含注入的噪声）</translation>
    </message>
    <message>
        <source>Validation accuracy (no noise at test time)</source>
        <translation>验证准确率（测试时不加噪声）</translation>
    </message>
    <message>
        <source>Now: a = {a:.2f}, b = {b:.2f}.</source>
        <translation>当前：a = {a:.2f}，b = {b:.2f}。</translation>
    </message>
    <message>
        <source>Now &lt;b&gt;off&lt;/b&gt;: set &lt;i&gt;shift a&lt;/i&gt; (try 2) and &lt;i&gt;scale b&lt;/i&gt; in Settings › Noisy BN.</source>
        <translation>当前&lt;b&gt;关闭&lt;/b&gt;：在「设置 › 加噪 BN」中设置&lt;i&gt;平移 a&lt;/i&gt;（可试 2）和&lt;i&gt;缩放 b&lt;/i&gt;。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Noisy BN&lt;/b&gt; (Santurkar et al. 2018, &lt;i&gt;How does batch normalization help optimization?&lt;/i&gt;): each step, every unit after each BN layer gets a random shift m ~ U(−a, a) and scale s ~ U(1, 1+b); the no-BN twin gets the same noise at the same place. {state} With noise the BN layers&apos; outputs jump every step (drift tab), yet the BN twin still trains: steady layer inputs are not why BN helps, the paper concludes; BN smooths the loss landscape. Without BN the same noise tends to hurt more (default net: a = 2 stalls it); the noise is in absolute units, so its effect on a plain layer depends on that layer&apos;s scale.</source>
        <translation>&lt;b&gt;加噪 BN&lt;/b&gt;（Santurkar 等人，2018，&lt;i&gt;《批标准化如何帮助优化？》&lt;/i&gt;）：每一步，每个 BN 层之后的每个单元都加上随机平移 m ~ U(−a, a) 并乘以随机缩放 s ~ U(1, 1+b)；无 BN 网络在同一位置加同样的噪声。{state} 加噪后 BN 层的输出每一步都在跳动（见「内部协变量偏移」页），但 BN 网络照样能训练：论文的结论是，BN 有用并不是因为各层输入稳定，而是因为 BN 让损失曲面更平滑。没有 BN 时，同样的噪声往往伤害更大（默认网络：a = 2 时就训练不动了）；噪声是绝对尺度的，所以它对普通层的影响取决于该层的尺度。</translation>
    </message>
    <message>
        <source>Short runs over log-spaced learning rates, on the data before and after the drift</source>
        <translation>在漂移前后的数据上，用一组对数间隔的学习率各做一次短训练</translation>
    </message>
    <message>
        <source>Validation loss after a short run vs learning rate</source>
        <translation>短训练后的验证损失 vs 学习率</translation>
    </message>
    <message>
        <source>learning rate α (log)</source>
        <translation>学习率 α（对数）</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>{run} before drift</source>
        <translation>{run} 漂移前</translation>
    </message>
    <message>
        <source>{run} after drift</source>
        <translation>{run} 漂移后</translation>
    </message>
    <message>
        <source>{n} log-spaced rates, {steps} steps each, for both twins: on the data the models were trained on (dashed) and after the drift (solid; the shifted inputs through the old preprocessing, or all rows for a sub-population). Stars: the best rate (lowest validation loss); try scale 1.0 or a sub-population. The notes&apos; advice: re-test hyperparameters as the data change.</source>
        <translation>{n} 个对数间隔的学习率，每个训练 {steps} 步，两个对照网络都做：在模型原来训练用的数据上（虚线）和漂移之后（实线；偏移后的输入仍用原来的预处理，子群体则用全部样本）。星号：最好的学习率（验证损失最低）；可以试试缩放 1.0 或子群体。笔记的建议：数据变化时要重新测试超参数。</translation>
    </message>
    <message>
        <source>Not run yet: choose a shift, then press the button.</source>
        <translation>尚未运行：先选择一种偏移，再按按钮。</translation>
    </message>
    <message>
        <source>&lt;b&gt;moved&lt;/b&gt;</source>
        <translation>&lt;b&gt;变了&lt;/b&gt;</translation>
    </message>
    <message>
        <source>stayed</source>
        <translation>没变</translation>
    </message>
    <message>
        <source>{run} best α {before:.3g} → {after:.3g} ({moved})</source>
        <translation>{run} 最佳 α {before:.3g} → {after:.3g}（{moved}）</translation>
    </message>
    <message>
        <source>Drift: {shift}, {optimizer}. </source>
        <translation>漂移：{shift}，{optimizer}。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>.</source>
        <translation>。</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>How each shift kind is named on screen (English; the Qt side shows ``tr(KIND_TEXT[kind])``).</extracomment>
        <translation>无</translation>
    </message>
    <message>
        <source>translate</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>rotate</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>brightness</source>
        <translation>亮度</translation>
    </message>
    <message>
        <source>contrast</source>
        <translation>对比度</translation>
    </message>
    <message>
        <source>sub-population (train on a slice)</source>
        <translation>子群体（只用一部分数据训练）</translation>
    </message>
    <message>
        <source>hand-made: your own points (File &gt; Import data: a CSV of x1, x2, label); all three runs train on them from step 0</source>
        <translation>手绘：你自己的点（文件 &gt; 导入数据：含 x1、x2、label（类别）三列的 CSV）；三个运行都从第 0 步开始在这些点上训练</translation>
    </message>
    <message>
        <source>Data and network (all runs)</source>
        <translation>数据与网络（所有训练共用）</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Classes (blobs, spiral)</source>
        <translation>类别数（高斯团、螺旋）</translation>
    </message>
    <message>
        <source>Batch norm on</source>
        <translation>启用批标准化</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Mini-batch size</source>
        <translation>mini-batch 大小</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化算法</translation>
    </message>
    <message>
        <source>Panda: one model</source>
        <translation>熊猫式：一个模型</translation>
    </message>
    <message>
        <source>Checkpoint every (steps)</source>
        <translation>检查点间隔（步）</translation>
    </message>
    <message>
        <source>Checkpoints kept</source>
        <translation>保留的检查点数</translation>
    </message>
    <message>
        <source>Caviar: many models</source>
        <translation>鱼子式：多个模型</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型数</translation>
    </message>
    <message>
        <source>α from</source>
        <translation>α 下限</translation>
    </message>
    <message>
        <source>α to</source>
        <translation>α 上限</translation>
    </message>
    <message>
        <source>Sample momentum β too</source>
        <translation>同时采样动量 β</translation>
    </message>
    <message>
        <source>1 − β log-uniform: β matters through 1/(1−β)</source>
        <translation>对 1 − β 做对数均匀采样：β 通过 1/(1−β) 起作用</translation>
    </message>
    <message>
        <source>β from</source>
        <translation>β 下限</translation>
    </message>
    <message>
        <source>β to</source>
        <translation>β 上限</translation>
    </message>
    <message>
        <source>Same initial weights</source>
        <translation>相同的初始权重</translation>
    </message>
    <message>
        <source>Every model starts from the same weights: only the settings differ</source>
        <translation>每个模型都从相同的权重出发：只有超参数设置不同</translation>
    </message>
    <message>
        <source>Successive halving</source>
        <translation>逐次减半</translation>
    </message>
    <message>
        <source>At each rung the worse half stops; rungs get twice as far apart</source>
        <translation>每到一个淘汰点，较差的一半停止训练；淘汰点之间的间隔依次翻倍</translation>
    </message>
    <message>
        <source>First rung (steps)</source>
        <translation>首个淘汰点（步）</translation>
    </message>
    <message>
        <source>Race: equal compute</source>
        <translation>比赛：相同计算量</translation>
    </message>
    <message>
        <source>Steps per caviar model</source>
        <translation>每个鱼子式模型的步数</translation>
    </message>
    <message>
        <source>Panda starts at α</source>
        <translation>熊猫式的起始 α</translation>
    </message>
    <message>
        <source>Babysitter looks every</source>
        <translation>照看者查看间隔（步）</translation>
    </message>
    <message>
        <source>Draw new settings</source>
        <translation>重新抽取设置</translation>
    </message>
    <message>
        <source>Each side gets {budget} model-steps: panda {budget} steps of one model, caviar {steps} steps of each of {n}.</source>
        <translation>双方各有 {budget} 模型·步：熊猫式把一个模型训练 {budget} 步，鱼子式把 {n} 个模型各训练 {steps} 步。</translation>
    </message>
    <message>
        <source>panda wins</source>
        <extracomment>A saved checkpoint&apos;s and change mark&apos;s metadata (a session file holds no weights): field -&gt; kind. the race&apos;s outcome as the status bar says it</extracomment>
        <translation>熊猫式胜出</translation>
    </message>
    <message>
        <source>caviar wins</source>
        <translation>鱼子式胜出</translation>
    </message>
    <message>
        <source>a tie</source>
        <translation>平局</translation>
    </message>
    <message>
        <source>Panda: babysit one model</source>
        <extracomment>File &gt; Import data: the babysat model (and caviar, and the race) train on a student&apos;s CSV from step 0 (a roll back must not bring back a checkpoint of other data); no plot of the data, so no editor</extracomment>
        <translation>熊猫式：照看一个模型</translation>
    </message>
    <message>
        <source>Caviar: many models at once</source>
        <translation>鱼子式：同时训练多个模型</translation>
    </message>
    <message>
        <source>panda: val loss {loss:.3f}, acc {acc:.1%}</source>
        <translation>熊猫式：验证损失 {loss:.3f}，准确率 {acc:.1%}</translation>
    </message>
    <message>
        <source>panda</source>
        <translation>熊猫式</translation>
    </message>
    <message>
        <source>panda diverged at step {step} ({reason})</source>
        <translation>熊猫式在第 {step} 步发散（{reason}）</translation>
    </message>
    <message>
        <source>caviar: {n} models, none training</source>
        <translation>鱼子式：{n} 个模型，没有在训练的</translation>
    </message>
    <message>
        <source>every model diverged</source>
        <translation>所有模型都发散了</translation>
    </message>
    <message>
        <source>caviar: {on}/{n} training; best val loss {loss:.3f}, acc {acc:.1%}</source>
        <translation>鱼子式：{on}/{n} 个在训练；最佳验证损失 {loss:.3f}，准确率 {acc:.1%}</translation>
    </message>
    <message>
        <source>race: {spent}/{budget} model-steps</source>
        <translation>比赛：{spent}/{budget} 模型·步</translation>
    </message>
    <message>
        <source>sgd</source>
        <extracomment>optimizer names as the summary and an optimizer change&apos;s mark show them</extracomment>
        <translation>梯度下降 (SGD)</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量梯度下降 (Momentum)</translation>
    </message>
    <message>
        <source>rmsprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>lr</source>
        <extracomment>the kinds of change mark, as a saved change&apos;s tooltip names them</extracomment>
        <translation>学习率</translation>
    </message>
    <message>
        <source>beta</source>
        <translation>动量 β</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化算法</translation>
    </message>
    <message>
        <source>rollback</source>
        <translation>回滚</translation>
    </message>
    <message>
        <source>↶ back to step {step}</source>
        <translation>↶ 回滚到第 {step} 步</translation>
    </message>
    <message>
        <source>Babysitting one model: loss</source>
        <translation>照看一个模型：损失</translation>
    </message>
    <message>
        <source>cross-entropy loss</source>
        <translation>交叉熵损失</translation>
    </message>
    <message>
        <source>α (log)</source>
        <translation>α（对数）</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>training (probe batch)</source>
        <translation>训练（探测批）</translation>
    </message>
    <message>
        <source>checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>Nudge (from the next step)</source>
        <translation>微调（从下一步起）</translation>
    </message>
    <message>
        <source>Learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <source>Momentum β</source>
        <translation>动量 β</translation>
    </message>
    <message>
        <source>Checkpoints (newest last)</source>
        <translation>检查点（最新的在最后）</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>回滚</translation>
    </message>
    <message>
        <source>Go back to the selected checkpoint (weights, optimizer state, α, β) and continue from there</source>
        <translation>回到选中的检查点（权重、优化算法状态、α、β），并从那里继续训练</translation>
    </message>
    <message>
        <source>Checkpoint now</source>
        <translation>立即保存检查点</translation>
    </message>
    <message>
        <source>abandoned by a roll back</source>
        <translation>因回滚而放弃</translation>
    </message>
    <message>
        <source>α changed</source>
        <translation>α 已改变</translation>
    </message>
    <message>
        <source>β changed</source>
        <translation>β 已改变</translation>
    </message>
    <message>
        <source>rolled back</source>
        <translation>已回滚</translation>
    </message>
    <message>
        <source>&lt;b&gt;step {step}&lt;/b&gt; (epoch {epoch}), {optimizer}</source>
        <translation>&lt;b&gt;第 {step} 步&lt;/b&gt;（epoch {epoch}），{optimizer}</translation>
    </message>
    <message>
        <source>validation loss {loss:.3f}&lt;br&gt;validation accuracy {acc:.1%}</source>
        <translation>验证损失 {loss:.3f}&lt;br&gt;验证准确率 {acc:.1%}</translation>
    </message>
    <message>
        <source>diverged at step {step}: roll back to a checkpoint</source>
        <translation>在第 {step} 步发散：请回滚到一个检查点</translation>
    </message>
    <message>
        <source>from the saved session: metadata only (its weights were not saved), so it cannot be rolled back to</source>
        <translation>来自保存的会话：只有元数据（权重没有保存），所以无法回滚到这里</translation>
    </message>
    <message>
        <source>saved session: step {step}: val loss {loss:.3f}
   acc {acc:.0%}, α {lr:.3g}, β {beta:.3g}</source>
        <translation>保存的会话：第 {step} 步：验证损失 {loss:.3f}
   准确率 {acc:.0%}，α {lr:.3g}，β {beta:.3g}</translation>
    </message>
    <message>
        <source>Checkpoint at step {step} (epoch {epoch}) {why}.</source>
        <translation>第 {step} 步（epoch {epoch}）的检查点，{why}。</translation>
    </message>
    <message>
        <source>saved session: step {step}: {label}</source>
        <translation>保存的会话：第 {step} 步：{label}</translation>
    </message>
    <message>
        <source>Change at step {step} ({kind}: α {lr:.4g}, β {beta:.4g}) {why}.</source>
        <translation>第 {step} 步的修改（{kind}：α {lr:.4g}，β {beta:.4g}），{why}。</translation>
    </message>
    <message>
        <source>step {step}: val loss {loss:.3f}
   acc {acc:.0%}, α {lr:.3g}, β {beta:.3g}</source>
        <translation>第 {step} 步：验证损失 {loss:.3f}
   准确率 {acc:.0%}，α {lr:.3g}，β {beta:.3g}</translation>
    </message>
    <message>
        <source>step {step} (epoch {epoch}): validation loss {loss:.4f}, accuracy {acc:.1%}, α {lr:.4g}, β {beta:.4g}</source>
        <translation>第 {step} 步（epoch {epoch}）：验证损失 {loss:.4f}，准确率 {acc:.1%}，α {lr:.4g}，β {beta:.4g}</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>training loss (mini-batches)</source>
        <translation>训练损失（mini-batch）</translation>
    </message>
    <message>
        <source>learning rate α</source>
        <extracomment>Colour range of validation accuracy: 0.5 is chance for the 2-class data sets. Marker of round i (cycled), and the glyph the breadcrumb shows for it. Where a diverged trial is drawn on a score axis (below chance, labelled).</extracomment>
        <translation>学习率 α</translation>
    </message>
    <message>
        <source>momentum β</source>
        <translation>动量 β</translation>
    </message>
    <message>
        <source>1 − β (log scale)</source>
        <translation>1 − β（对数标尺）</translation>
    </message>
    <message>
        <source>learning rate α (log scale)</source>
        <translation>学习率 α（对数标尺）</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>着色依据</translation>
    </message>
    <message>
        <source>Every model at once</source>
        <translation>同时训练的所有模型</translation>
    </message>
    <message>
        <source>Latest score of each model</source>
        <translation>每个模型的最新分数</translation>
    </message>
    <message>
        <source>{n} models training at once: {metric}</source>
        <translation>{n} 个模型同时训练：{metric}</translation>
    </message>
    <message>
        <source>successive halving: the worse half stopped here</source>
        <translation>逐次减半：较差的一半在这里停止</translation>
    </message>
    <message>
        <source>{n} models: {on} training</source>
        <translation>{n} 个模型：{on} 个在训练</translation>
    </message>
    <message>
        <source>{n} stopped by halving</source>
        <translation>{n} 个因减半而停止</translation>
    </message>
    <message>
        <source>{n} diverged</source>
        <translation>{n} 个发散</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>; step {step}, {compute} model-steps</source>
        <translation>；第 {step} 步，{compute} 模型·步</translation>
    </message>
    <message>
        <source>no model is training</source>
        <translation>没有模型在训练</translation>
    </message>
    <message>
        <source>best now: model {model}</source>
        <translation>当前最佳：模型 {model}</translation>
    </message>
    <message>
        <source>(α = {lr:.3g}{beta}): validation loss {loss:.3f}, accuracy {acc:.1%}.</source>
        <translation>（α = {lr:.3g}{beta}）：验证损失 {loss:.3f}，准确率 {acc:.1%}。</translation>
    </message>
    <message>
        <source>Grey: stopped (dotted: diverged; ½: a halving rung).</source>
        <translation>灰色：已停止（点线：发散；½：一次减半）。</translation>
    </message>
    <message>
        <source>%v / %m model-steps each</source>
        <translation>每方 %v / %m 模型·步</translation>
    </message>
    <message>
        <source>Validation loss on equal compute</source>
        <translation>相同计算量下的验证损失</translation>
    </message>
    <message>
        <source>compute (model-steps)</source>
        <translation>计算量（模型·步）</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Panda&apos;s α (set by the babysitter)</source>
        <translation>熊猫式的 α（由照看者设置）</translation>
    </message>
    <message>
        <source>caviar: best model</source>
        <translation>鱼子式：最佳模型</translation>
    </message>
    <message>
        <source>panda: babysat model</source>
        <translation>熊猫式：照看的模型</translation>
    </message>
    <message>
        <source>panda rolled back</source>
        <translation>熊猫式回滚</translation>
    </message>
    <message>
        <source>caviar best</source>
        <translation>鱼子式最佳</translation>
    </message>
    <message>
        <source>caviar</source>
        <translation>鱼子式</translation>
    </message>
    <message>
        <source>Same compute: {panda} trains one model for {budget} steps, its babysitter looking every {every} steps; {caviar} trains {n} models for about {per} steps each (successive halving gives the survivors more).</source>
        <translation>相同计算量：{panda}训练一个模型 {budget} 步，照看者每 {every} 步查看一次；{caviar}训练 {n} 个模型，每个约 {per} 步（逐次减半让留下的模型训练更多步）。</translation>
    </message>
    <message>
        <source>Same compute: {panda} trains one model for {budget} steps, its babysitter looking every {every} steps; {caviar} trains {n} models for about {per} steps each.</source>
        <translation>相同计算量：{panda}训练一个模型 {budget} 步，照看者每 {every} 步查看一次；{caviar}训练 {n} 个模型，每个约 {per} 步。</translation>
    </message>
    <message>
        <source>The result appears when both have spent the budget; Reset races again.</source>
        <translation>双方都用完预算后显示结果；按「重置」再比一次。</translation>
    </message>
    <message>
        <source>Panda wins</source>
        <translation>熊猫式胜出</translation>
    </message>
    <message>
        <source>Caviar wins</source>
        <translation>鱼子式胜出</translation>
    </message>
    <message>
        <source>A tie</source>
        <translation>平局</translation>
    </message>
    <message>
        <source>Panda</source>
        <translation>熊猫式</translation>
    </message>
    <message>
        <source>Caviar</source>
        <translation>鱼子式</translation>
    </message>
    <message>
        <source>{win} on validation loss.</source>
        <translation>按验证损失：{win}。</translation>
    </message>
    <message>
        <source>{panda}: {loss:.3f} (acc {acc:.1%}, test {test:.1%}; α ended at {lr:.3g}, {backs} roll backs).</source>
        <translation>{panda}：{loss:.3f}（准确率 {acc:.1%}，测试集 {test:.1%}；α 最终为 {lr:.3g}，回滚 {backs} 次）。</translation>
    </message>
    <message>
        <source>{caviar} best of {n}: {loss:.3f} (acc {acc:.1%}, test {test:.1%}; model {model}, α {lr:.3g}{beta}).</source>
        <translation>{caviar}（{n} 个中最佳）：{loss:.3f}（准确率 {acc:.1%}，测试集 {test:.1%}；模型 {model}，α {lr:.3g}{beta}）。</translation>
    </message>
    <message>
        <source>all trials done: zoom in, shift the data, or Reset (R)</source>
        <translation>所有试验已完成：放大区域、偏移数据，或重置 (R)</translation>
    </message>
    <message>
        <source>paused: trials already running finish; Play continues the rest</source>
        <translation>已暂停：正在运行的试验会跑完；按「开始」继续其余试验</translation>
    </message>
    <message>
        <source>reset: the same search from the start</source>
        <translation>已重置：从头开始同一次搜索</translation>
    </message>
    <message>
        <source>new search: the settings changed</source>
        <translation>新的搜索：设置已改变</translation>
    </message>
    <message>
        <source>round {n}: sampling inside the rectangle</source>
        <translation>第 {n} 轮：在矩形内采样</translation>
    </message>
    <message>
        <source>restored: {trials} finished trials, {rounds} rounds</source>
        <translation>已恢复：{trials} 次已完成的试验，{rounds} 轮</translation>
    </message>
    <message>
        <source>; Play runs the rest</source>
        <translation>；按「开始」运行其余试验</translation>
    </message>
    <message>
        <source>back to round {n}: the next zoom starts from it</source>
        <translation>回到第 {n} 轮：下一次放大从这一轮开始</translation>
    </message>
    <message>
        <source>round {n}: the same trials on the shifted data (&apos;{data}&apos;)</source>
        <translation>第 {n} 轮：在偏移后的数据（「{data}」）上运行同样的试验</translation>
    </message>
    <message>
        <source>search done: zoom in, or shift the data</source>
        <translation>搜索完成：放大区域，或偏移数据</translation>
    </message>
    <message>
        <source>Dask cluster: disconnected</source>
        <translation>Dask 集群：已断开</translation>
    </message>
    <message>
        <source>Dask cluster: connection lost, reconnecting</source>
        <translation>Dask 集群：连接中断，正在重连</translation>
    </message>
    <message>
        <source>Dask cluster: no workers connected (trials wait for one)</source>
        <translation>Dask 集群：没有已连接的工作节点（试验等待工作节点加入）</translation>
    </message>
    <message>
        <source>Dask cluster: {n} worker connected</source>
        <translation>Dask 集群：已连接 {n} 个工作节点</translation>
    </message>
    <message>
        <source>Dask cluster: {n} workers connected</source>
        <translation>Dask 集群：已连接 {n} 个工作节点</translation>
    </message>
    <message>
        <source> ({n} thread)</source>
        <translation>（{n} 个线程）</translation>
    </message>
    <message>
        <source> ({n} threads)</source>
        <translation>（{n} 个线程）</translation>
    </message>
    <message>
        <source>Dask cluster {address}: connects at the first trial</source>
        <translation>Dask 集群 {address}：在第一次试验时连接</translation>
    </message>
    <message>
        <source>Dask cluster: no answer ({error})</source>
        <translation>Dask 集群：无响应（{error}）</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>grid</source>
        <extracomment>the samplers a round may use, as its button&apos;s tooltip names them</extracomment>
        <translation>网格</translation>
    </message>
    <message>
        <source>quasi-random (Sobol)</source>
        <translation>准随机 (Sobol)</translation>
    </message>
    <message>
        <source>real training (engine)</source>
        <translation>真实训练（引擎）</translation>
    </message>
    <message>
        <source>SYNTHETIC (instant, no training)</source>
        <translation>合成目标（SYNTHETIC，即时，不训练）</translation>
    </message>
    <message>
        <source>learning rate α vs Adam&apos;s ε</source>
        <extracomment>The model&apos;s ``PAIRS`` label and note of each pair, marked for the translators (a test keeps them equal).
----------
the model&apos;s PAIRS labels and the optimizers they fix, as the banner shows them</extracomment>
        <translation>学习率 α vs Adam 的 ε</translation>
    </message>
    <message>
        <source>Adam; α matters most, ε almost never does</source>
        <translation>Adam；α 最重要，ε 几乎从不重要</translation>
    </message>
    <message>
        <source>learning rate α vs momentum β</source>
        <translation>学习率 α vs 动量 β</translation>
    </message>
    <message>
        <source>SGD with momentum; β sampled as 1 - β log-uniform</source>
        <translation>动量梯度下降；β 通过对 1 - β 做对数均匀采样得到</translation>
    </message>
    <message>
        <source>learning rate α vs hidden units</source>
        <translation>学习率 α vs 隐藏单元数</translation>
    </message>
    <message>
        <source>Adam; width of both hidden layers, sampled uniformly</source>
        <translation>Adam；两个隐藏层的宽度，均匀采样</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Sampler</source>
        <translation>采样方式</translation>
    </message>
    <message>
        <source>How the coarse-to-fine rounds sample (the comparison tab runs all three)</source>
        <translation>由粗到细的各轮如何采样（对比页会同时运行三种）</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source> trials</source>
        <translation> 次试验</translation>
    </message>
    <message>
        <source>Trials per round, the same for grid, random and quasi-random</source>
        <translation>每轮的试验次数，网格、随机和准随机都相同</translation>
    </message>
    <message>
        <source>also run grid vs random vs Sobol</source>
        <translation>同时运行网格 vs 随机 vs Sobol 对比</translation>
    </message>
    <message>
        <source>Each trial</source>
        <translation>每次试验</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>Data</source>
        <extracomment>The form of a ``TrainConfig`` at ``train`` (data, network, batch norm, optimizer), for labs that train one with ``Trainer`` (the population engine refuses dropout: a lab on it leaves out ``keep_prob``, ``hide_field``).</extracomment>
        <translation>数据</translation>
    </message>
    <message>
        <source>The data every trial trains on; hand-made: your own points (File &gt; Import data)</source>
        <translation>每次试验训练所用的数据；手绘：你自己的点（文件 &gt; 导入数据）</translation>
    </message>
    <message>
        <source>Coarse to fine</source>
        <translation>由粗到细</translation>
    </message>
    <message>
        <source>Data shift (re-test)</source>
        <translation>数据偏移（重新测试）</translation>
    </message>
    <message>
        <source>A real trial trains a 2 × 16 ReLU net (units: the searched width) with the engine and scores its validation accuracy.</source>
        <translation>一次真实试验用引擎训练一个 2 × 16 的 ReLU 网络（单元数：被搜索的宽度），并以验证准确率作为得分。</translation>
    </message>
    <message>
        <source>Drag / resize the red rectangle on the scatter, then press “Zoom &amp; resample”: the next round samples only inside it. The round buttons go back.</source>
        <translation>在散点图上拖动红色矩形或调整它的大小，然后按「放大并重新采样」：下一轮只在矩形内采样。轮次按钮可以回到之前的轮。</translation>
    </message>
    <message>
        <source>Re-run on shifted data</source>
        <translation>在偏移后的数据上重跑</translation>
    </message>
    <message>
        <source>Run the current round&apos;s very trials again on other data: does the best move?</source>
        <translation>在另一份数据上重跑当前这一轮的同一批试验：最佳设置会变吗？</translation>
    </message>
    <message>
        <source>New data</source>
        <translation>新数据</translation>
    </message>
    <message>
        <source>Play (Space) runs the trials on every core; Pause stops handing out new ones; Step (S) runs one; Reset (R) starts the search again.</source>
        <translation>「开始」(空格) 在所有 CPU 核心上运行试验；「暂停」不再分派新的试验；「单步」(S) 运行一次试验；「重置」(R) 重新开始搜索。</translation>
    </message>
    <message>
        <source>{label}: {note}</source>
        <translation>{label}：{note}</translation>
    </message>
    <message>
        <source>SYNTHETIC objective: an analytic score of α only, no training</source>
        <translation>合成目标（SYNTHETIC）：只依赖 α 的解析分数，不训练</translation>
    </message>
    <message>
        <source>each trial = a real training run: {steps} steps of {optimizer} on &apos;{data}&apos;, score = validation accuracy</source>
        <translation>每次试验 = 一次真实训练：在「{data}」上用 {optimizer} 训练 {steps} 步，分数 = 验证准确率</translation>
    </message>
    <message>
        <source>; round {n} re-runs on &apos;{data}&apos;</source>
        <translation>；第 {n} 轮在「{data}」上重新运行</translation>
    </message>
    <message>
        <source>Search: coarse to fine</source>
        <translation>搜索：由粗到细</translation>
    </message>
    <message>
        <source>Grid vs random</source>
        <translation>网格搜索 vs 随机选择</translation>
    </message>
    <message>
        <source>Sampling scales</source>
        <translation>合适的标尺</translation>
    </message>
    <message>
        <source>zoom refused: {reason}</source>
        <translation>无法放大：{reason}</translation>
    </message>
    <message>
        <source>data shift refused: {reason}</source>
        <translation>无法偏移数据：{reason}</translation>
    </message>
    <message>
        <source>: a stand-in for demos, not a result</source>
        <translation>：仅作演示的替身，不是结果</translation>
    </message>
    <message>
        <source>SYNTHETIC objective — </source>
        <translation>合成目标（SYNTHETIC）— </translation>
    </message>
    <message>
        <source>search: {done}/{total} trials done, {running} running, round {round}</source>
        <translation>搜索：已完成 {done}/{total} 次试验，{running} 次运行中，第 {round} 轮</translation>
    </message>
    <message>
        <source>best val acc {score:.3f} at {where}</source>
        <translation>最佳验证准确率 {score:.3f}，位于 {where}</translation>
    </message>
    <message>
        <source>log scale</source>
        <translation>对数标尺</translation>
    </message>
    <message>
        <source>log scale of 1 - β</source>
        <translation>1 - β 的对数标尺</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>categories</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Quasi-random (Sobol)</source>
        <translation>准随机 (Sobol)</translation>
    </message>
    <message>
        <source>grid, natural order</source>
        <extracomment>the legend names of CURVE_STYLES (its keys are the model&apos;s ``best_so_far`` keys)</extracomment>
        <translation>网格，原顺序</translation>
    </message>
    <message>
        <source>grid, shuffled</source>
        <translation>网格，打乱顺序</translation>
    </message>
    <message>
        <source>{param} — {n} distinct values</source>
        <translation>{param} — {n} 个不同取值</translation>
    </message>
    <message>
        <source>{param} — {n} distinct value</source>
        <translation>{param} — {n} 个不同取值</translation>
    </message>
    <message>
        <source>best {score:.3f}</source>
        <translation>最佳 {score:.3f}</translation>
    </message>
    <message>
        <source>best -</source>
        <translation>最佳 -</translation>
    </message>
    <message>
        <source>Best score so far</source>
        <translation>目前的最佳分数</translation>
    </message>
    <message>
        <source>trials run</source>
        <translation>已完成的试验数</translation>
    </message>
    <message>
        <source>best val. accuracy</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <source>The comparison arms are off for this search.</source>
        <translation>这次搜索未开启对比组。</translation>
    </message>
    <message>
        <source>random&apos;s best at {where}</source>
        <translation>随机采样的最佳点：{where}</translation>
    </message>
    <message>
        <source>SYNTHETIC objective: no training</source>
        <translation>合成目标（SYNTHETIC）：不训练</translation>
    </message>
    <message>
        <source>sampler</source>
        <translation>采样方式</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>distinct values tried per parameter; same budget for every sampler.</source>
        <translation>每个超参数试过的不同取值个数；每种采样方式的预算相同。</translation>
    </message>
    <message>
        <source>samples per bin</source>
        <translation>每个区间的样本数</translation>
    </message>
    <message>
        <source>α uniform in [1e-4, 1]</source>
        <translation>α 在 [1e-4, 1] 上均匀采样</translation>
    </message>
    <message>
        <source>learning rate α (log axis)</source>
        <translation>学习率 α（对数轴）</translation>
    </message>
    <message>
        <source>α = 10^r, r = -4·rand() (log-uniform)</source>
        <translation>α = 10^r, r = -4·rand()（对数均匀）</translation>
    </message>
    <message>
        <source>β uniform in [0.9, 0.999]</source>
        <translation>β 在 [0.9, 0.999] 上均匀采样</translation>
    </message>
    <message>
        <source>β (equal steps in 1 - β)</source>
        <translation>β（1 - β 等步长）</translation>
    </message>
    <message>
        <source>β = 1 - 10^r, r uniform in [-3, -1]</source>
        <translation>β = 1 - 10^r，r 在 [-3, -1] 上均匀采样</translation>
    </message>
    <message>
        <source>Averaging window 1/(1 - β)</source>
        <translation>平均窗口 1/(1 - β)</translation>
    </message>
    <message>
        <source>β (linear axis)</source>
        <translation>β（线性轴）</translation>
    </message>
    <message>
        <source>1/(1 - β)  (log axis)</source>
        <translation>1/(1 - β)（对数轴）</translation>
    </message>
    <message>
        <source>α uniform: {share:.0f}% in [0.1, 1]</source>
        <translation>α 均匀采样：{share:.0f}% 落在 [0.1, 1]</translation>
    </message>
    <message>
        <source>β uniform: {share:.0f}% in [{lo}, 0.99]</source>
        <translation>β 均匀采样：{share:.0f}% 落在 [{lo}, 0.99]</translation>
    </message>
    <message>
        <source>β {b0} → {b1}
window {w0:.4g} → {w1:.4g}</source>
        <translation>β {b0} → {b1}
窗口 {w0:.4g} → {w1:.4g}</translation>
    </message>
    <message>
        <source>Adam&apos;s ε</source>
        <translation>Adam 的 ε</translation>
    </message>
    <message>
        <source>hidden units per layer</source>
        <translation>每层隐藏单元数</translation>
    </message>
    <message>
        <source>units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <source>spiral</source>
        <extracomment>data sets and samplers the model names in its snapshot, as the plots show them</extracomment>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>moons</source>
        <extracomment>``custom``: the students&apos; own points (Edit data on a plot, or File &gt; Import data) How a choice shows the engine&apos;s values (data sets, activations, inits, optimizers, LR decays), in English; a value not listed shows as itself. &quot;step&quot; is a decay here, named apart from the step counter&apos;s &quot;step&quot;.</extracomment>
        <translation>双月</translation>
    </message>
    <message>
        <source>circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>xor</source>
        <translation>异或</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>diverged at step {step} (loss {value})</source>
        <extracomment>the trial messages of ``bnviz.search.objective`` (Qt-free, English), as (pattern, translated source)</extracomment>
        <translation>在第 {step} 步发散（损失 {value}）</translation>
    </message>
    <message>
        <source>diverged at step {step} (a parameter became non-finite)</source>
        <translation>在第 {step} 步发散（某个参数变为非有限值）</translation>
    </message>
    <message>
        <source>diverged at step {step}</source>
        <translation>在第 {step} 步发散</translation>
    </message>
    <message>
        <source>val loss {loss} after {steps} steps</source>
        <translation>{steps} 步后验证损失 {loss}</translation>
    </message>
    <message>
        <source>SYNTHETIC objective: diverged (log10 lr = {r} &gt; -0.5)</source>
        <translation>合成目标（SYNTHETIC）：发散（log10 lr = {r} &gt; -0.5）</translation>
    </message>
    <message>
        <source>SYNTHETIC objective (analytic, no training): log10 lr = {r}</source>
        <translation>合成目标（SYNTHETIC，解析式，不训练）：log10 lr = {r}</translation>
    </message>
    <message>
        <source>{param} ({scale})</source>
        <translation>{param}（{scale}）</translation>
    </message>
    <message>
        <source> — {n} distinct values</source>
        <translation> — {n} 个不同取值</translation>
    </message>
    <message>
        <source> — {n} distinct value</source>
        <translation> — {n} 个不同取值</translation>
    </message>
    <message>
        <source>round {n}</source>
        <translation>第 {n} 轮</translation>
    </message>
    <message>
        <source>trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>val accuracy {score:.3f}</source>
        <translation>验证准确率 {score:.3f}</translation>
    </message>
    <message>
        <source>old best on {old}: {score:.3f}
now on {new}:</source>
        <translation>原最佳（{old}）：{score:.3f}
现在（{new}）：</translation>
    </message>
    <message>
        <source>val. accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Trials</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Zoom &amp;&amp; resample</source>
        <translation>放大并重新采样</translation>
    </message>
    <message>
        <source>Sample the next round inside the red rectangle</source>
        <translation>在红色矩形内采样下一轮</translation>
    </message>
    <message>
        <source>Rounds:</source>
        <translation>轮次：</translation>
    </message>
    <message>
        <source>Round {n}: {done}/{total} trials done</source>
        <translation>第 {n} 轮：已完成 {done}/{total} 次试验</translation>
    </message>
    <message>
        <source>Round {n} on &apos;{data}&apos;: {done}/{total} trials done</source>
        <translation>第 {n} 轮（{data}）：已完成 {done}/{total} 次试验</translation>
    </message>
    <message>
        <source>score vs {param}</source>
        <translation>分数 vs {param}</translation>
    </message>
    <message>
        <source>round {n}: {sampler}, {total} trials in the whole space</source>
        <translation>第 {n} 轮：{sampler}，在整个空间内 {total} 次试验</translation>
    </message>
    <message>
        <source>round {n}: {sampler}, {total} trials inside round {parent}</source>
        <translation>第 {n} 轮：{sampler}，在第 {parent} 轮的区域内 {total} 次试验</translation>
    </message>
    <message>
        <source>, data shifted from &apos;{old}&apos; to &apos;{new}&apos;</source>
        <translation>，数据从「{old}」偏移为「{new}」</translation>
    </message>
    <message>
        <source>best validation accuracy &lt;b&gt;{score:.3f}&lt;/b&gt; at {where}</source>
        <translation>最佳验证准确率 &lt;b&gt;{score:.3f}&lt;/b&gt;，位于 {where}</translation>
    </message>
    <message>
        <source>no finished trial yet: press Play (Space)</source>
        <translation>还没有完成的试验：按「开始」（空格键）</translation>
    </message>
    <message>
        <source>not run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <source>the best on &lt;b&gt;{old}&lt;/b&gt; ({score:.3f}, round {round}) scores &lt;b&gt;{new_score}&lt;/b&gt; on &lt;b&gt;{new}&lt;/b&gt;, where the best is now {best:.3f}: re-test hyperparameters when the data drifts</source>
        <translation>在 &lt;b&gt;{old}&lt;/b&gt; 上的最佳点（{score:.3f}，第 {round} 轮）在 &lt;b&gt;{new}&lt;/b&gt; 上得分 &lt;b&gt;{new_score}&lt;/b&gt;，而那里现在的最佳是 {best:.3f}：数据漂移时要重新测试超参数</translation>
    </message>
    <message>
        <source>{done}/{total} trials done, {running} running, {queued} queued</source>
        <translation>已完成 {done}/{total} 次试验，{running} 次运行中，{queued} 次排队</translation>
    </message>
    <message>
        <source>last failure: {error}</source>
        <translation>最近一次失败：{error}</translation>
    </message>
    <message>
        <source>hand-made</source>
        <translation>手绘</translation>
    </message>
    <message>
        <source>hand-made: your own points (Edit data on the plot, or File &gt; Import data); choosing it starts from the generated set on screen</source>
        <translation>手绘：你自己的点（在图上“编辑数据”，或 文件 &gt; 导入数据）；选择它时从屏幕上当前生成的数据集开始</translation>
    </message>
    <message>
        <source>Classes C</source>
        <translation>类别数 C</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>0: softmax regression, linear decision boundaries</source>
        <translation>0：Softmax 回归，决策边界是线性的</translation>
    </message>
    <message>
        <source>Batch norm in hidden layers</source>
        <translation>隐藏层使用批标准化</translation>
    </message>
    <message>
        <source>Example &amp;&amp; curves</source>
        <translation>样本与学习曲线</translation>
    </message>
    <message>
        <source>loss {train:.3f} / val {val:.3f}, val acc {acc:.1%}</source>
        <translation>损失 {train:.3f} / 验证 {val:.3f}，验证准确率 {acc:.1%}</translation>
    </message>
    <message>
        <source>0 hidden</source>
        <extracomment>the model&apos;s name of that twin (softmax.model.FLAT_LABEL), as its legend entries say it</extracomment>
        <translation>0 个隐藏层</translation>
    </message>
    <message>
        <source>Hover over a training point (click to pin it).</source>
        <translation>把鼠标悬停在一个训练点上（点击可固定）。</translation>
    </message>
    <message>
        <source>class j</source>
        <translation>类别 j</translation>
    </message>
    <message>
        <source>probability aⱼ</source>
        <translation>概率 aⱼ</translation>
    </message>
    <message>
        <source>dL/dzⱼ (backprop starts here)</source>
        <translation>dL/dzⱼ（反向传播从这里开始）</translation>
    </message>
    <message>
        <source>Training example #{index}: label &lt;b style=&apos;color:{col}&apos;&gt;y = {label}&lt;/b&gt;, predicted &lt;b style=&apos;color:{pcol}&apos;&gt;{predicted}&lt;/b&gt; &amp;#160; a&lt;sub&gt;y&lt;/sub&gt; = {p:.3f}, &amp;#160;&lt;b&gt;L = −log a&lt;sub&gt;y&lt;/sub&gt; = {loss:.4f}&lt;/b&gt; &amp;#160;(Σ a = {total:.3f}; dashed outline: one-hot Y)</source>
        <translation>训练样本 #{index}：标签 &lt;b style=&apos;color:{col}&apos;&gt;y = {label}&lt;/b&gt;，预测 &lt;b style=&apos;color:{pcol}&apos;&gt;{predicted}&lt;/b&gt; &amp;#160; a&lt;sub&gt;y&lt;/sub&gt; = {p:.3f}，&amp;#160;&lt;b&gt;L = −log a&lt;sub&gt;y&lt;/sub&gt; = {loss:.4f}&lt;/b&gt; &amp;#160;（Σ a = {total:.3f}；虚线框：one-hot Y）</translation>
    </message>
    <message>
        <source>Cost J: mean cross-entropy</source>
        <translation>代价 J：平均交叉熵</translation>
    </message>
    <message>
        <source>{run} val.</source>
        <translation>{run} 验证集</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Decision regions</source>
        <translation>决策区域</translation>
    </message>
    <message>
        <source>Beside it: the same softmax with 0 hidden layers, trained together</source>
        <translation>旁边同时训练一个 0 个隐藏层的同样的 Softmax 作对比</translation>
    </message>
    <message>
        <source>Trains softmax regression (no hidden layer) on the same data and mini-batches, step for step, and draws its regions on the left; ticking it restarts both runs</source>
        <translation>在相同的数据和 mini-batch 上逐步训练一个 Softmax 回归（没有隐藏层），并把它的决策区域画在左边；勾选后两个训练都会重新开始</translation>
    </message>
    <message>
        <source>0 hidden layers: val. acc. {acc:.1%}</source>
        <translation>0 个隐藏层：验证准确率 {acc:.1%}</translation>
    </message>
    <message>
        <source>softmax regression</source>
        <translation>Softmax 回归</translation>
    </message>
    <message>
        <source>{n} hidden + softmax</source>
        <translation>{n} 个隐藏层 + Softmax</translation>
    </message>
    <message>
        <source>1 hidden layer: val. acc. {acc:.1%}</source>
        <translation>1 个隐藏层：验证准确率 {acc:.1%}</translation>
    </message>
    <message>
        <source>{n} hidden layers: val. acc. {acc:.1%}</source>
        <translation>{n} 个隐藏层：验证准确率 {acc:.1%}</translation>
    </message>
    <message>
        <source>C = {n}, {kind}: val. accuracy {acc:.1%}</source>
        <translation>C = {n}，{kind}：验证准确率 {acc:.1%}</translation>
    </message>
    <message>
        <source>Test-time statistics</source>
        <translation>测试时的统计量</translation>
    </message>
    <message>
        <source>running = momentum · running + (1 − momentum) · batch statistic</source>
        <translation>指数加权平均 = 动量 · 指数加权平均 + (1 − 动量) · 当前 mini-batch 的统计量</translation>
    </message>
    <message>
        <source>m/(m−1) variance correction</source>
        <translation>m/(m−1) 方差修正</translation>
    </message>
    <message>
        <source>The BN paper&apos;s unbiased population variance for the “whole training set” statistics</source>
        <translation>对「整个训练集」统计量使用 BN 论文中的无偏总体方差</translation>
    </message>
    <message>
        <source>Network (BN on z)</source>
        <translation>网络（BN 作用于 z）</translation>
    </message>
    <message>
        <source>≈ 1 batch</source>
        <translation>≈ 1 个 mini-batch</translation>
    </message>
    <message>
        <source>averages ≈ 1/(1−β) = {n:.0f} batches</source>
        <translation>约平均最近 1/(1−β) = {n:.0f} 个 mini-batch</translation>
    </message>
    <message>
        <source>m = {m} training rows: σ² × {factor:.4f}</source>
        <translation>m = {m} 个训练样本：σ² × {factor:.4f}</translation>
    </message>
    <message>
        <source>running estimates (EWA)</source>
        <extracomment>the model&apos;s MODE_TITLES as the status bar shows them (the model is Qt-free, so it cannot translate)</extracomment>
        <translation>指数加权平均估计 (EWA)</translation>
    </message>
    <message>
        <source>whole training set</source>
        <translation>整个训练集</translation>
    </message>
    <message>
        <source>test batch&apos;s own stats</source>
        <translation>测试批自身的统计量</translation>
    </message>
    <message>
        <source>single example (batch of 1)</source>
        <translation>单个样本（大小为 1 的批）</translation>
    </message>
    <message>
        <source>last {n} steps</source>
        <translation>最近 {n} 步</translation>
    </message>
    <message>
        <source>Follow the most recent steps, where the momentum&apos;s smoothing and lag show; untick for the whole run</source>
        <translation>只看最近的若干步，动量的平滑与滞后在这里最明显；取消勾选则显示整个训练过程</translation>
    </message>
    <message>
        <source>At test time there is no mini-batch: BN uses running estimates of μ and σ² (exponentially weighted averages over training batches).</source>
        <translation>测试时没有 mini-batch：BN 使用 μ 和 σ² 的估计值（训练时各 mini-batch 统计量的指数加权平均）。</translation>
    </message>
    <message>
        <source>Running estimates &amp;&amp; inference</source>
        <translation>指数加权平均估计与推理</translation>
    </message>
    <message>
        <source>Batch-size noise (regularization)</source>
        <translation>mini-batch 大小与噪声（正则化）</translation>
    </message>
    <message>
        <source>{layer} ({units} units)</source>
        <translation>{layer}（{units} 个单元）</translation>
    </message>
    <message>
        <source>test accuracy:</source>
        <translation>测试准确率：</translation>
    </message>
    <message>
        <source>running estimates</source>
        <translation>指数加权平均估计</translation>
    </message>
    <message>
        <source>training set</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>test batch</source>
        <translation>测试批</translation>
    </message>
    <message>
        <source>batch of 1</source>
        <translation>大小为 1 的批</translation>
    </message>
    <message>
        <source>running
estimates</source>
        <translation>指数加权
平均估计</translation>
    </message>
    <message>
        <source>training
set</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>test
batch</source>
        <translation>测试批</translation>
    </message>
    <message>
        <source>single
example</source>
        <translation>单个
样本</translation>
    </message>
    <message>
        <source>Test accuracy now, by inference statistics</source>
        <translation>当前测试准确率（按推理所用统计量）</translation>
    </message>
    <message>
        <source>Test accuracy over training</source>
        <translation>训练过程中的测试准确率</translation>
    </message>
    <message>
        <source>same answer
for all {n}</source>
        <translation>{n} 个样本
答案全相同</translation>
    </message>
    <message>
        <source>{n} distinct
answers</source>
        <translation>{n} 种
不同答案</translation>
    </message>
    <message>
        <source>Test accuracy now ({n} test examples)</source>
        <translation>当前测试准确率（{n} 个测试样本）</translation>
    </message>
    <message>
        <source>mean μ</source>
        <translation>均值 μ</translation>
    </message>
    <message>
        <source>mean of the BN input</source>
        <translation>BN 输入的均值</translation>
    </message>
    <message>
        <source>variance σ²</source>
        <translation>方差 σ²</translation>
    </message>
    <message>
        <source>variance of the BN input</source>
        <translation>BN 输入的方差</translation>
    </message>
    <message>
        <source>this mini-batch</source>
        <translation>当前 mini-batch</translation>
    </message>
    <message>
        <source>running estimate (EWA)</source>
        <translation>指数加权平均估计 (EWA)</translation>
    </message>
    <message>
        <source>layer {layer}, unit {unit}</source>
        <translation>第 {layer} 层，第 {unit} 个单元</translation>
    </message>
    <message>
        <source>mean μ, {where}</source>
        <translation>均值 μ，{where}</translation>
    </message>
    <message>
        <source>  (all units: |μ run − μ pop| = {gap:.3f} σ)</source>
        <translation>  （所有单元：|μ 估计 − μ 训练集| = {gap:.3f} σ）</translation>
    </message>
    <message>
        <source>variance σ², {where}</source>
        <translation>方差 σ²，{where}</translation>
    </message>
    <message>
        <source>  (all units: off by {gap:.1%})</source>
        <translation>  （所有单元：偏差 {gap:.1%}）</translation>
    </message>
    <message>
        <source>BN</source>
        <extracomment>the run labels the model reports (its ``GAP_RUNS``), as the legend and table show them
----------
the engine&apos;s run labels (bnviz.engine.trainer, the twin comparisons), as legends and readouts show them</extracomment>
        <translation>BN</translation>
    </message>
    <message>
        <source>BN paper net</source>
        <extracomment>the bench&apos;s networks (bench/models.py), as the panel names them</extracomment>
        <translation>BN 论文网络</translation>
    </message>
    <message>
        <source>2-D net</source>
        <translation>二维网络</translation>
    </message>
    <message>
        <source>BN paper net: 784-100-100-100-10, sigmoid, batch 60 (MNIST-like data); 2-D net: 2-16-16-16-2, ReLU, batch 32 (moons); both plain SGD, float32.</source>
        <translation>BN 论文网络：784-100-100-100-10，sigmoid，mini-batch 60（类 MNIST 数据）；二维网络：2-16-16-16-2，ReLU，mini-batch 32（双月数据）；两者都用普通 SGD、float32。</translation>
    </message>
    <message>
        <source>no BN</source>
        <translation>无 BN</translation>
    </message>
    <message>
        <source>with BN</source>
        <translation>有 BN</translation>
    </message>
    <message>
        <source>{network}, {bn}</source>
        <translation>{network}，{bn}</translation>
    </message>
    <message>
        <source>The last benchmark&apos;s file does not read: {why}</source>
        <translation>最近一次基准测试的文件无法读取：{why}</translation>
    </message>
    <message>
        <source>No benchmark against PyTorch on this machine yet: with PyTorch installed, &lt;b&gt;make bench&lt;/b&gt; times the engine against PyTorch CPU on the same networks, data and initial weights, and this panel then shows the ratios.</source>
        <translation>本机还没有与 PyTorch 对比过的基准测试：装好 PyTorch 后，&lt;b&gt;make bench&lt;/b&gt; 会在相同的网络、数据和初始权重上对比引擎与 PyTorch CPU 的速度，这个面板随后显示两者之比。</translation>
    </message>
    <message>
        <source>network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>ratio</source>
        <translation>比值</translation>
    </message>
    <message>
        <source>Last &lt;b&gt;make bench&lt;/b&gt;, {when} (NumPy {numpy}, PyTorch {torch} CPU, {cpus} CPUs): training steps per second; a ratio above 1× means the engine is faster.</source>
        <translation>最近一次 &lt;b&gt;make bench&lt;/b&gt;，{when}（NumPy {numpy}，PyTorch {torch} CPU，{cpus} 个 CPU）：每秒训练步数；比值大于 1× 表示引擎更快。</translation>
    </message>
    <message>
        <source>* measured while other processes loaded the machine.</source>
        <translation>* 测量时有其他进程占用本机。</translation>
    </message>
    <message>
        <source>Speed vs PyTorch</source>
        <translation>速度：引擎 vs PyTorch</translation>
    </message>
    <message>
        <source>Steps per short run</source>
        <translation>每次短训练的步数</translation>
    </message>
    <message>
        <source>Same seed, same start, same number of steps and learning rate; runs in the training process (a few seconds).</source>
        <translation>相同的随机种子、相同的起点、相同的步数和学习率；在训练进程中运行（几秒钟）。</translation>
    </message>
    <message>
        <source>Noise of the batch statistics</source>
        <translation>mini-batch 统计量的噪声</translation>
    </message>
    <message>
        <source>control (fixed stats)</source>
        <translation>对照组（固定统计量）</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>dropout</translation>
    </message>
    <message>
        <source>The short runs train by themselves when this tab first shows (a few seconds), or press the button.</source>
        <extracomment>each run&apos;s bar, left to right in a batch size&apos;s slot (and so in the legend): colour, hatched, offset</extracomment>
        <translation>本页首次显示时会自动进行这些短训练（需要几秒），也可以按按钮。</translation>
    </message>
    <message>
        <source>{name} {keep:g} (no BN)</source>
        <extracomment>a short run&apos;s progress as the model says it (``batch_size_gaps``)</extracomment>
        <translation>{name} {keep:g}（无 BN）</translation>
    </message>
    <message>
        <source>Train short runs again: each batch size, four nets</source>
        <translation>重新进行短训练：每个 mini-batch 大小，四个网络</translation>
    </message>
    <message>
        <source>mini-batch size B (examples)</source>
        <translation>mini-batch 大小 B（样本数）</translation>
    </message>
    <message>
        <source>std over batches (relative)</source>
        <translation>各批之间的标准差（相对值）</translation>
    </message>
    <message>
        <source>Standard deviation, over many mini-batches of each size, of a unit&apos;s batch mean (in population standard deviations) and batch variance (relative to the population variance), averaged over the layer&apos;s units</source>
        <translation>每种大小取许多 mini-batch，计算一个单元的批均值（以整个训练集的标准差为单位）和批方差（相对于整个训练集的方差）在这些批之间的标准差，再对该层所有单元取平均</translation>
    </message>
    <message>
        <source>mean μ_B / σ</source>
        <translation>均值 μ_B / σ</translation>
    </message>
    <message>
        <source>variance σ²_B / σ²</source>
        <translation>方差 σ²_B / σ²</translation>
    </message>
    <message>
        <source>theory for the mean</source>
        <translation>均值的理论值</translation>
    </message>
    <message>
        <source>Generalization gap after the short runs</source>
        <translation>短训练后的泛化差距</translation>
    </message>
    <message>
        <source>val loss − train loss (nats)</source>
        <translation>验证损失 − 训练损失（奈特）</translation>
    </message>
    <message>
        <source>Validation minus training cross-entropy after each short run, in test-time mode: no dropout, and BN and its control both normalized with the whole training set&apos;s statistics, so they differ only in how they trained</source>
        <translation>每次短训练后验证集与训练集交叉熵之差，按测试模式计算：不用 dropout，BN 和它的对照组都用整个训练集的统计量做标准化，因此两者只在训练方式上不同</translation>
    </message>
    <message>
        <source>What the noise does to the gap</source>
        <translation>噪声对差距的作用</translation>
    </message>
    <message>
        <source>change in the gap (nats)</source>
        <translation>差距的变化（奈特）</translation>
    </message>
    <message>
        <source>Below 0: the noise narrows the gap (regularizes). BN&apos;s batch-statistics noise: BN&apos;s gap minus its noise-free control&apos;s. Dropout&apos;s: the dropout net&apos;s gap minus the plain no-BN net&apos;s.</source>
        <translation>低于 0：噪声缩小了差距（起正则化作用）。BN 的：BN 的差距减去其无噪声对照组的差距。dropout 的：dropout 网络的差距减去普通无 BN 网络的差距。</translation>
    </message>
    <message>
        <source>BN − control</source>
        <translation>BN − 对照组</translation>
    </message>
    <message>
        <source>dropout − no BN</source>
        <translation>dropout − 无 BN</translation>
    </message>
    <message>
        <source>Batch noise, layer {layer}, step {step}</source>
        <translation>批统计量噪声，第 {layer} 层，第 {step} 步</translation>
    </message>
    <message>
        <source>Gap after {steps}-step runs</source>
        <translation>训练 {steps} 步后的差距</translation>
    </message>
    <message>
        <source>val − train loss (nats)</source>
        <translation>验证 − 训练损失（奈特）</translation>
    </message>
    <message>
        <source>Accuracy train / validation:</source>
        <translation>准确率 训练集 / 验证集：</translation>
    </message>
    <message>
        <source>{title}  —  Esc, Z or a double-click puts it back</source>
        <extracomment>marks a plot whose viewport already reports double-clicks here at most this often the page is searched for plots made since (a deeper network&apos;s histograms) the plot now enlarged, or None when every plot is in its place again</extracomment>
        <translation>{title}  —  按 Esc、Z 或双击放回原处</translation>
    </message>
    <message>
        <source>Esc, Z or a double-click puts it back</source>
        <translation>按 Esc、Z 或双击放回原处</translation>
    </message>
    <message>
        <source>blobs</source>
        <extracomment>the data set choice: the generated sets, and the students&apos; own (drawn with Edit data, or imported)</extracomment>
        <translation>高斯团</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>手写数字</translation>
    </message>
    <message>
        <source>mnist_like</source>
        <translation>仿 MNIST</translation>
    </message>
    <message>
        <source>imported digits</source>
        <translation>导入的手写数字</translation>
    </message>
    <message>
        <source>sigmoid</source>
        <translation>sigmoid</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>relu</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>leaky_relu</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>gaussian</source>
        <translation>高斯</translation>
    </message>
    <message>
        <source>xavier</source>
        <translation>Xavier</translation>
    </message>
    <message>
        <source>he</source>
        <translation>He</translation>
    </message>
    <message>
        <source>inverse</source>
        <translation>反比衰减</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>指数衰减</translation>
    </message>
    <message>
        <source>step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <extracomment>the field&apos;s label is the widget&apos;s own text (a check box): the widget spans its row</extracomment>
        <translation>隐藏层数</translation>
    </message>
    <message>
        <source>Units per layer</source>
        <translation>每层单元数</translation>
    </message>
    <message>
        <source>sgd: W −= α·dW
momentum: v = β₁·v + (1 − β₁)·dW, W −= α·v (as in the course; v starts at 0, no bias correction)
RMSprop: s = β₂·s + (1 − β₂)·dW², W −= α·dW/(√s + ε)
Adam: both averages, bias-corrected by 1 − β^t (t: steps since Adam was chosen)</source>
        <extracomment>The engine&apos;s conventions, said where they are set (tooltips of every lab&apos;s training settings); each is checked one step by hand against the engine in tests/engine/test_conventions.py and stated in the README.</extracomment>
        <translation>sgd：W −= α·dW
momentum：v = β₁·v + (1 − β₁)·dW，W −= α·v（与课程一致；v 从 0 开始，不做偏差修正）
RMSprop：s = β₂·s + (1 − β₂)·dW²，W −= α·dW/(√s + ε)
Adam：两种平均都用，并用 1 − β^t 做偏差修正（t：选用 Adam 以来的步数）</translation>
    </message>
    <message>
        <source>α, the step size; with an LR decay it is α₀, the rate of the first epoch (epoch_num = 0)</source>
        <translation>α，即步长；开启学习率衰减时它就是 α₀，即第一个 epoch 的学习率（epoch_num = 0）</translation>
    </message>
    <message>
        <source>Momentum&apos;s β and Adam&apos;s β₁: v = β₁·v + (1 − β₁)·dW, an average over about 1/(1 − β₁) steps</source>
        <translation>动量梯度下降的 β，也是 Adam 的 β₁：v = β₁·v + (1 − β₁)·dW，相当于对约 1/(1 − β₁) 步求平均</translation>
    </message>
    <message>
        <source>Adam&apos;s β₂, and RMSprop&apos;s β too (the engine has one setting for both): s = β₂·s + (1 − β₂)·dW²</source>
        <translation>Adam 的 β₂，同时也是 RMSprop 的 β（引擎中两者共用这一个设置）：s = β₂·s + (1 − β₂)·dW²</translation>
    </message>
    <message>
        <source>ε of Adam and RMSprop, added outside the square root: …/(√s + ε)</source>
        <translation>Adam 和 RMSprop 的 ε，加在平方根之外：…/(√s + ε)</translation>
    </message>
    <message>
        <source>sgd: W −= α·dW
momentum: v = β·v + (1 − β)·dW, W −= α·v (as in the course; v starts at 0, no bias correction)</source>
        <extracomment>for a population of models (panda vs caviar), which trains with plain gradient descent or momentum only</extracomment>
        <translation>sgd：W −= α·dW
momentum：v = β·v + (1 − β)·dW，W −= α·v（与课程一致；v 从 0 开始，不做偏差修正）</translation>
    </message>
    <message>
        <source>inverse: α = α₀/(1 + decay rate·epoch_num); exponential: α = α₀·rate^epoch_num; step: α₀ halved every int(rate) epochs.
epoch_num counts from 0: the first epoch runs at α₀, so the course&apos;s table row &quot;epoch 1&quot; is the engine&apos;s second epoch.</source>
        <translation>inverse（反比）：α = α₀/(1 + 衰减率·epoch_num)；exponential（指数）：α = α₀·rate^epoch_num；step（阶梯）：每 int(rate) 个 epoch 把 α₀ 减半。
epoch_num 从 0 开始计数：第一个 epoch 用 α₀，所以课程表格中「epoch 1」那一行对应引擎的第二个 epoch。</translation>
    </message>
    <message>
        <source>inverse: the decay rate in α₀/(1 + rate·epoch_num); exponential: the factor per epoch (0 &lt; rate ≤ 1); step: epochs between two halvings (≥ 1)</source>
        <translation>inverse（反比）：α₀/(1 + rate·epoch_num) 中的衰减率；exponential（指数）：每个 epoch 乘上的因子（0 &lt; rate ≤ 1）；step（阶梯）：两次减半之间的 epoch 数（≥ 1）</translation>
    </message>
    <message>
        <source>Rows per gradient step; an epoch is ⌊rows/size⌋ steps (the rows left over from each shuffled pass are skipped). 1 with BN: z_norm = 0, so the hidden layers get no gradient.</source>
        <translation>每次梯度更新用的样本数；一个 epoch 为 ⌊样本数/大小⌋ 步（每次打乱后剩下的样本跳过不用）。大小为 1 且开启 BN 时：z_norm = 0，隐藏层得不到梯度。</translation>
    </message>
    <message>
        <source>Adds λ·W to each weight&apos;s gradient every step (weights W only, not b, γ, β): the gradient of (λ/2)·‖W‖². The course&apos;s (λ/2m)·‖W‖² gives (λ/m)·W, so this λ is the course&apos;s λ/m (m: the mini-batch size). With Adam or RMSprop it is rescaled like the rest of the gradient. The plotted loss leaves the penalty out.</source>
        <translation>每一步给每个权重的梯度加上 λ·W（只作用于权重 W，不作用于 b、γ、β）：即 (λ/2)·‖W‖² 的梯度。课程中的 (λ/2m)·‖W‖² 给出 (λ/m)·W，所以这里的 λ 相当于课程的 λ/m（m：mini-batch 大小）。用 Adam 或 RMSprop 时，它和梯度的其余部分一样被缩放。图中的损失不含这一惩罚项。</translation>
    </message>
    <message>
        <source>keep-prob: the probability that a hidden unit is kept in a training step (inverted dropout: each hidden a is zeroed with probability 1 − keep-prob, the kept ones are divided by keep-prob). 1 = no dropout. Only training steps drop units (their loss too); validation, test and the layer histograms use every unit.</source>
        <translation>保留概率：训练的每一步中一个隐藏单元被保留的概率（反向随机失活：每个隐藏层的 a 以 1 − 保留概率 的概率被置零，保留下来的除以保留概率）。1 = 不使用随机失活。只有训练步会丢弃单元（其损失也是如此）；验证集、测试集和各层直方图都使用全部单元。</translation>
    </message>
    <message>
        <source>running = β·running + (1 − β)·batch statistic: β weighs the old estimate (the course&apos;s convention; PyTorch&apos;s momentum is 1 − β)</source>
        <translation>running = β·running + (1 − β)·本 mini-batch 的统计量：β 是旧估计的权重（课程的约定；PyTorch 的 momentum 等于 1 − β）</translation>
    </message>
    <message>
        <source>Normalize inputs</source>
        <translation>标准化输入</translation>
    </message>
    <message>
        <source>Stretch x₁</source>
        <translation>拉伸 x₁</translation>
    </message>
    <message>
        <source>Stretch and offset the first raw input (2-D sets): elongated cost contours</source>
        <translation>拉伸并平移第一个原始输入（二维数据集）：代价函数的等高线变得狭长</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Gaussian init std</source>
        <translation>高斯初始化标准差</translation>
    </message>
    <message>
        <source>Keep-prob (dropout)</source>
        <translation>保留概率（随机失活）</translation>
    </message>
    <message>
        <source>Batch norm</source>
        <translation>批标准化 (BN)</translation>
    </message>
    <message>
        <source>BN placement</source>
        <translation>BN 位置</translation>
    </message>
    <message>
        <source>on z, before activation</source>
        <translation>对 z，在激活函数之前</translation>
    </message>
    <message>
        <source>on a, after activation</source>
        <translation>对 a，在激活函数之后</translation>
    </message>
    <message>
        <source>BN eps</source>
        <translation>BN 的 ε</translation>
    </message>
    <message>
        <source>Running avg momentum</source>
        <translation>指数加权平均的动量</translation>
    </message>
    <message>
        <source>β₁ (momentum)</source>
        <translation>β₁（动量）</translation>
    </message>
    <message>
        <source>LR decay</source>
        <translation>学习率衰减</translation>
    </message>
    <message>
        <source>Decay rate</source>
        <translation>衰减率</translation>
    </message>
    <message>
        <source>L2 λ</source>
        <translation>L2 正则化 λ</translation>
    </message>
    <message>
        <source>hand-made points need a 2-D data set: choose one first (digits are images), or File &gt; Import data</source>
        <extracomment>config paths the form always sets to these values (no widget: the lab fixes them) the path of the lab&apos;s 2-D ``DataConfig``: choosing &quot;hand-made&quot; (``custom``) in its name field starts from the set on screen, and the settings a hand-made set ignores are disabled while it is chosen</extracomment>
        <translation>手绘的点需要二维数据集：请先选择一个（手写数字是图像），或用 文件 &gt; 导入数据</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>normalized</source>
        <translation>标准化</translation>
    </message>
    <message>
        <source>raw</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>a parameter became non-finite</source>
        <extracomment>the engine&apos;s divergence reasons without a number in them (bnviz.engine.trainer)</extracomment>
        <translation>某个参数变为非有限值</translation>
    </message>
    <message>
        <source>loss {value}</source>
        <translation>损失 {value}</translation>
    </message>
    <message>
        <source>diverged at step {step} ({reason})</source>
        <translation>在第 {step} 步发散（{reason}）</translation>
    </message>
    <message>
        <source>{row} · step {step}</source>
        <translation>{row} · 第 {step} 步</translation>
    </message>
    <message>
        <source>Import data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <source>CSV data: x1, x2, label (*.csv *.txt);;All files (*)</source>
        <translation>CSV 数据：x1, x2, label (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Data not imported</source>
        <translation>数据未导入</translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <source>CSV data (*.csv)</source>
        <translation>CSV 数据 (*.csv)</translation>
    </message>
    <message>
        <source>Points or 8x8 digits: CSV of x1, x2, label; .npz of x, y; CSV of 64 pixels, label (*.csv *.txt *.npz);;All files (*)</source>
        <extracomment>the Frame just drawn (the window&apos;s status bar listens); None when the lab&apos;s state changed without a frame to show: its worker process ended (``bridge.failure`` says why) keys a saved state may hold besides &quot;config&quot; (e.g. the search&apos;s finished trials) the lab trains on 2-D points a student may draw or import (File &gt; Import data, Export data) the Edit data button&apos;s tooltip: what the lab&apos;s runs do with the points (&quot;&quot; keeps the editor&apos;s own)</extracomment>
        <translation>点或 8x8 手写数字：含 x1、x2、label（类别）三列的 CSV；含 x、y 的 .npz；含 64 个像素和 label（类别）的 CSV (*.csv *.txt *.npz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Images: CSV of 64 pixels, label (*.csv);;Images: NumPy x, y (*.npz)</source>
        <translation>图像：含 64 个像素和 label（类别）的 CSV (*.csv);;图像：NumPy 的 x、y (*.npz)</translation>
    </message>
    <message>
        <source>Data not exported</source>
        <translation>数据未导出</translation>
    </message>
    <message>
        <source>Mini-batch of 1 with BN: z_norm = (z − μ)/σ is 0 for every unit, so the hidden layers get no gradient — a lesson, not a bug.</source>
        <translation>mini-batch 大小为 1 且开启 BN：每个单元的 z_norm = (z − μ)/σ 都是 0，隐藏层得不到梯度——这是一课，不是 bug。</translation>
    </message>
    <message>
        <source>A mini-batch of one row is its own mean, so z − μ = 0: every BN layer outputs its β whatever its input, and its backward pass is exactly 0 (only the last β and the output layer can learn). Choose 2 or more rows to train the hidden layers.</source>
        <translation>只有一个样本的 mini-batch，其均值就是它自己，所以 z − μ = 0：每个 BN 层不论输入是什么都只输出它的 β，反向传播的梯度恰好为 0（只有最后一层的 β 和输出层还能学习）。把 mini-batch 大小设为 2 或更大，隐藏层才能训练。</translation>
    </message>
    <message>
        <source>The training process stopped: {reason}</source>
        <translation>训练进程已停止：{reason}</translation>
    </message>
    <message>
        <source>Play, Step, Reset or a new setting starts a new one.</source>
        <translation>开始、单步、重置或改一项设置，都会启动一个新的训练进程。</translation>
    </message>
    <message>
        <source>GIF (slides, web pages)</source>
        <extracomment>frames grabbed per second at most (the headless export&apos;s default rate, smooth enough for slides) a recording stops by itself after this many frames (40 s at 15 fps; ~50 MB on disk at most for a full page) frames waiting for the spill thread at most; one more is dropped (a few MB of memory) the save dialog&apos;s formats: key (``animate.FORMATS``), English name</extracomment>
        <translation>GIF（幻灯片、网页）</translation>
    </message>
    <message>
        <source>MP4 video (H.264)</source>
        <translation>MP4 视频（H.264）</translation>
    </message>
    <message>
        <source>PNG frames (a folder)</source>
        <translation>PNG 帧（一个文件夹）</translation>
    </message>
    <message>
        <source>Record</source>
        <extracomment>(frames encoded, of how many), from the encode thread (the path written or &quot;&quot;, the error or &quot;&quot;), from the encode thread</extracomment>
        <translation>录制</translation>
    </message>
    <message>
        <source>Open a lab to record it.</source>
        <translation>请先打开一个实验再录制。</translation>
    </message>
    <message>
        <source>The last recording is still being saved.</source>
        <translation>上一段录制仍在保存中。</translation>
    </message>
    <message>
        <source>Save or discard the last recording first.</source>
        <translation>请先保存或丢弃上一段录制。</translation>
    </message>
    <message>
        <source>Recording stopped at {n} frames.</source>
        <translation>录制已在 {n} 帧处停止。</translation>
    </message>
    <message>
        <source>Nothing was recorded: the lab showed no frame.</source>
        <translation>没有录到内容：实验尚未显示任何帧。</translation>
    </message>
    <message>
        <source>MP4 needs the video extra: {command}</source>
        <translation>MP4 需要视频扩展：{command}</translation>
    </message>
    <message>
        <source>Saving the recording: {done} of {total} frames</source>
        <translation>正在保存录制：第 {done} / {total} 帧</translation>
    </message>
    <message>
        <source>Recording discarded.</source>
        <translation>录制已丢弃。</translation>
    </message>
    <message>
        <source>Recording saved: {path}</source>
        <translation>录制已保存：{path}</translation>
    </message>
    <message>
        <source>Recording not saved: {error}</source>
        <translation>录制未保存：{error}</translation>
    </message>
    <message>
        <source>Stop recording</source>
        <translation>停止录制</translation>
    </message>
    <message>
        <source>Stop recording and save it as GIF, MP4 or PNG frames ({keys})</source>
        <translation>停止录制并保存为 GIF、MP4 或 PNG 帧（{keys}）</translation>
    </message>
    <message>
        <source>Record the lab (or the enlarged plot) while it runs, for a slide ({keys})</source>
        <translation>在实验运行时录制它（或放大的图），用于幻灯片（{keys}）</translation>
    </message>
    <message>
        <source>Save the recording</source>
        <translation>保存录制</translation>
    </message>
    <message>
        <source>{n} frames, steps {first} to {last}</source>
        <translation>{n} 帧，第 {first} 步到第 {last} 步</translation>
    </message>
    <message>
        <source>MP4: needs {command}</source>
        <translation>MP4：需要 {command}</translation>
    </message>
    <message>
        <source>Install the video extra, then restart bnviz: {command}</source>
        <translation>安装视频扩展后重启 bnviz：{command}</translation>
    </message>
    <message>
        <source> frames/s</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <source>Recorded at up to {fps} frames/s: another rate plays it faster or slower</source>
        <translation>录制时最多 {fps} 帧/秒：换一个帧率会播放得更快或更慢</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Folder for the PNG frames</source>
        <translation>PNG 帧的文件夹</translation>
    </message>
    <message>
        <source>GIF animation (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <source>float64 (double)</source>
        <translation>float64（双精度）</translation>
    </message>
    <message>
        <source>float32 (as the labs train)</source>
        <translation>float32（各个实验训练时用的精度）</translation>
    </message>
    <message>
        <source>The engine&apos;s precision for the checked pass. The notes&apos; formulas and the central differences always run in float64: in float32 the engine agrees only to about 1e-6, rounding, not a bug; this is why gradient checks run in float64.</source>
        <translation>引擎做这次被检验的计算时用的精度。笔记里的公式和中心差分始终用 float64 计算：用 float32 时引擎只能吻合到约 1e-6，这是舍入误差，不是程序错误；这也是梯度检验要用 float64 的原因。</translation>
    </message>
    <message>
        <source>ε in z_norm = (z − μ)/√(σ² + ε): keeps the division finite when a unit&apos;s σ² is 0</source>
        <translation>z_norm = (z − μ)/√(σ² + ε) 中的 ε：某个单元的 σ² 为 0 时，让除法的结果仍是有限值</translation>
    </message>
    <message>
        <source>Mini-batch checked</source>
        <translation>被检验的 mini-batch</translation>
    </message>
    <message>
        <source>Mini-batch size m</source>
        <translation>mini-batch 大小 m</translation>
    </message>
    <message>
        <source>Rows of each new mini-batch (2 or more: one row is its own mean)</source>
        <translation>每个新 mini-batch 的行数（至少 2：只有一行时，它自己就是均值）</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <source>Units the BN layer normalizes, each with its own μ and σ²</source>
        <translation>BN 层要标准化的单元个数，每个单元有自己的 μ 和 σ²</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Engine code</source>
        <extracomment>the benchmark file read (None: the user&apos;s cache folder, ``speed.last_run_path()``)</extracomment>
        <translation>引擎代码</translation>
    </message>
    <message>
        <source>Formulas &amp;&amp; checks</source>
        <translation>公式与检验</translation>
    </message>
    <message>
        <source>The notes choose a framework that is easy to program, fast and truly open. This engine&apos;s batch norm, below, is plain NumPy, read from the installed module that runs (open source, MIT licence); the panel under it says how fast it is.</source>
        <translation>笔记选择框架的标准是：易于编程、运行速度快、真开放。下面是这个引擎的批标准化代码：纯 NumPy，直接从正在运行的已安装模块读出（开源，MIT 许可证）；代码下面的面板说明它有多快。</translation>
    </message>
    <message>
        <source>mini-batch {n}: forward error {f:.1e}, gradient check {g:.1e}</source>
        <translation>第 {n} 个 mini-batch：前向误差 {f:.1e}，梯度检验 {g:.1e}</translation>
    </message>
    <message>
        <source>line {n}</source>
        <translation>第 {n} 行</translation>
    </message>
    <message>
        <source>&lt;b&gt;The notes&apos; batch norm&lt;/b&gt;, per unit over the m rows of a mini-batch:</source>
        <translation>&lt;b&gt;笔记里的批标准化&lt;/b&gt;，对每个单元、在一个 mini-batch 的 m 行上计算：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Its backward&lt;/b&gt; (not in the notes; the engine&apos;s compact form, checked by central differences):</source>
        <translation>&lt;b&gt;它的反向传播&lt;/b&gt;（笔记里没有；这是引擎用的紧凑形式，用中心差分检验）：</translation>
    </message>
    <message>
        <source>Engine vs the notes, batch by batch</source>
        <translation>引擎与笔记公式的对比，逐个 mini-batch</translation>
    </message>
    <message>
        <source>mini-batch checked</source>
        <translation>被检验的 mini-batch</translation>
    </message>
    <message>
        <source>error (log scale)</source>
        <translation>误差（对数刻度）</translation>
    </message>
    <message>
        <source>forward: max |engine − formula|</source>
        <translation>前向：max |引擎 − 公式|</translation>
    </message>
    <message>
        <source>backward: relative difference</source>
        <translation>反向：相对差</translation>
    </message>
    <message>
        <source>1e-7: great</source>
        <translation>1e-7：很好</translation>
    </message>
    <message>
        <source>1e-3: a bug</source>
        <translation>1e-3：有错误</translation>
    </message>
    <message>
        <source>agrees</source>
        <translation>吻合</translation>
    </message>
    <message>
        <source>does not agree</source>
        <translation>不吻合</translation>
    </message>
    <message>
        <source>&lt;b&gt;Mini-batch {n}&lt;/b&gt;: m = {m} rows, {units} units, engine in {dtype}, ε = {eps:g}</source>
        <translation>&lt;b&gt;第 {n} 个 mini-batch&lt;/b&gt;：m = {m} 行，{units} 个单元，引擎精度 {dtype}，ε = {eps:g}</translation>
    </message>
    <message>
        <source>Forward: max |engine − notes&apos; formula| = {f} for z̃, {s} for μ and σ²</source>
        <translation>前向：max |引擎 − 笔记公式|，z̃ 为 {f}，μ 和 σ² 为 {s}</translation>
    </message>
    <message>
        <source>Backward vs central differences, relative difference ‖approx − exact‖ / (‖approx‖ + ‖exact‖): dz {dz}, dγ {dg}, dβ {db}</source>
        <translation>反向与中心差分对比，相对差 ‖近似 − 精确‖ / (‖近似‖ + ‖精确‖)：dz {dz}，dγ {dg}，dβ {db}</translation>
    </message>
    <message>
        <source>z_norm per unit: mean up to {mean}, variance {lo:.5f} to {hi:.5f} (just under 1: σ²/(σ² + ε))</source>
        <translation>每个单元的 z_norm：均值最大 {mean}，方差 {lo:.5f} 到 {hi:.5f}（略小于 1：σ²/(σ² + ε)）</translation>
    </message>
    <message>
        <source>{module} — the file that runs: {path}</source>
        <translation>{module} —— 正在运行的文件：{path}</translation>
    </message>
    <message>
        <source>Edit data</source>
        <translation>编辑数据</translation>
    </message>
    <message>
        <source>Draw your own data on the plot: click adds a point, drag paints, right-click removes; the training goes on with the new points</source>
        <translation>在图上画出你自己的数据：单击添加一个点，拖动连续绘制，右键删除；训练会在新的点上继续进行</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Remove every point (the training keeps its data until you draw points of two classes)</source>
        <translation>删除所有点（在你画出两个类别的点之前，训练仍使用原来的数据）</translation>
    </message>
    <message>
        <source>Noise +</source>
        <translation>噪声 +</translation>
    </message>
    <message>
        <source>Move every point by a little Gaussian noise</source>
        <translation>给每个点加上少量高斯噪声</translation>
    </message>
    <message>
        <source>Noise −</source>
        <translation>噪声 −</translation>
    </message>
    <message>
        <source>Pull every point towards its nearest neighbours of the same class</source>
        <translation>把每个点拉向与它同类别的最近邻点</translation>
    </message>
    <message>
        <source>Start from {name}</source>
        <translation>从 {name} 开始</translation>
    </message>
    <message>
        <source>Class {k}: click on the plot adds a point of this class</source>
        <translation>类别 {k}：在图上单击添加一个该类别的点</translation>
    </message>
    <message>
        <source>Editing data: click adds class {k}, shift-click class {next}; right-click or ctrl-click removes the nearest point; drag paints</source>
        <translation>正在编辑数据：单击添加类别 {k}，Shift+单击添加类别 {next}；右键或 Ctrl+单击删除最近的点；拖动连续绘制</translation>
    </message>
    <message>
        <source>{n} points</source>
        <translation>{n} 个点</translation>
    </message>
    <message>
        <source>at most {n} points</source>
        <translation>最多 {n} 个点</translation>
    </message>
    <message>
        <source>weight w₁</source>
        <translation>权重 w₁</translation>
    </message>
    <message>
        <source>weight w₂</source>
        <translation>权重 w₂</translation>
    </message>
    <message>
        <source>κ = {k:.0f}</source>
        <translation>κ = {k:.0f}</translation>
    </message>
    <message>
        <source>κ = {k:.1f}</source>
        <translation>κ = {k:.1f}</translation>
    </message>
    <message>
        <source>normalized inputs</source>
        <translation>标准化输入</translation>
    </message>
    <message>
        <source>raw inputs</source>
        <translation>原始输入</translation>
    </message>
    <message>
        <source>this cost has no lowest point (the classes are separable through the origin)</source>
        <translation>这个代价没有最低点（两类数据可以被一条过原点的直线分开）</translation>
    </message>
    <message>
        <source>step {step}: cost {gap:.3f} above its minimum (+)</source>
        <translation>第 {step} 步：代价比最小值（+）高 {gap:.3f}</translation>
    </message>
    <message>
        <source>inside the coloured ring ({eps}) since step {step}</source>
        <translation>从第 {step} 步起一直在彩色圈（{eps}）之内</translation>
    </message>
    <message>
        <source>not inside the coloured ring ({eps})</source>
        <translation>不在彩色圈（{eps}）之内</translation>
    </message>
    <message>
        <source>Each plot: the cost J(w₁, w₂) of a logistic regression with two weights and no bias, on the inputs that run trains on. Rings: 0.01, 0.02, 0.04, … above the lowest cost (+); the innermost ring is coloured. Line: gradient descent on the whole training set from (0, 0), one step per training step, at the run&apos;s learning rate. κ: how many times more the cost curves across the valley than along it (the Hessian&apos;s condition number at +).</source>
        <translation>每幅图：一个只有两个权重、没有偏置的 logistic 回归在该网络所用输入上的代价 J(w₁, w₂)。圈：比最低代价（+）高 0.01、0.02、0.04……；最里面的一圈是彩色的。线：在整个训练集上从 (0, 0) 出发的梯度下降，每个训练步走一步，学习率与该网络相同。κ：代价在横穿山谷方向上的弯曲程度是沿山谷方向的多少倍（+ 处 Hessian 矩阵的条件数）。</translation>
    </message>
    <message>
        <source>The contour view needs data with two inputs and two classes (moons, circles, xor).</source>
        <translation>等高线视图需要两个输入特征、两个类别的数据（双月、同心圆、异或）。</translation>
    </message>
    <message>
        <source> is out of range: allowed </source>
        <extracomment>the phrases of the engine&apos;s and the checks&apos; messages, longest first where one contains another</extracomment>
        <translation> 超出范围：允许 </translation>
    </message>
    <message>
        <source> is out of range: must be </source>
        <translation> 超出范围：必须 </translation>
    </message>
    <message>
        <source> is out of range: need </source>
        <translation> 超出范围：需要 </translation>
    </message>
    <message>
        <source> is out of range: </source>
        <translation> 超出范围：</translation>
    </message>
    <message>
        <source> is not allowed: choose one of </source>
        <translation> 不允许：请从以下选择 </translation>
    </message>
    <message>
        <source> is not allowed: </source>
        <translation> 不允许：</translation>
    </message>
    <message>
        <source> is not allowed</source>
        <translation> 不允许</translation>
    </message>
    <message>
        <source> is unknown; allowed: </source>
        <translation> 未知；允许：</translation>
    </message>
    <message>
        <source> is not supported: expected </source>
        <translation> 不受支持：应为 </translation>
    </message>
    <message>
        <source>: unknown field; allowed: </source>
        <translation>：未知字段；允许：</translation>
    </message>
    <message>
        <source>: expected an object</source>
        <translation>：应为一个对象</translation>
    </message>
    <message>
        <source>: expected a list</source>
        <translation>：应为一个列表</translation>
    </message>
    <message>
        <source>: expected </source>
        <translation>：应为 </translation>
    </message>
    <message>
        <source>: missing</source>
        <translation>：缺失</translation>
    </message>
    <message>
        <source> is not a finite number</source>
        <translation> 不是有限的数</translation>
    </message>
    <message>
        <source> is not a number</source>
        <translation> 不是数</translation>
    </message>
    <message>
        <source>: not a regular file</source>
        <translation>：不是普通文件</translation>
    </message>
    <message>
        <source>: not a UTF-8 text file</source>
        <translation>：不是 UTF-8 文本文件</translation>
    </message>
    <message>
        <source>: larger than </source>
        <translation>：大于 </translation>
    </message>
    <message>
        <source>: cannot open </source>
        <translation>：无法打开 </translation>
    </message>
    <message>
        <source>: empty</source>
        <translation>：为空</translation>
    </message>
    <message>
        <source>a data set needs at least 2 classes</source>
        <translation>数据集至少需要 2 个类别</translation>
    </message>
    <message>
        <source>a data set needs at least </source>
        <translation>数据集至少需要 </translation>
    </message>
    <message>
        <source> is not a bnviz session (format field missing or wrong)</source>
        <translation> 不是 bnviz 会话文件（format 字段缺失或错误）</translation>
    </message>
    <message>
        <source>written by a newer bnviz (this one reads up to </source>
        <translation>由更新版本的 bnviz 写入（本版本最多读取 </translation>
    </message>
    <message>
        <source>holds Python objects (a pickle, never loaded); save plain numbers</source>
        <translation>含有 Python 对象（pickle，绝不加载）；请保存纯数值</translation>
    </message>
    <message>
        <source>not a readable .npz (a damaged zip archive)</source>
        <translation>不是可读的 .npz（zip 压缩包已损坏）</translation>
    </message>
    <message>
        <source>no data rows (expected columns x1, x2, label)</source>
        <translation>没有数据行（应有 x1、x2、label 三列）</translation>
    </message>
    <message>
        <source>header has </source>
        <translation>表头有 </translation>
    </message>
    <message>
        <source> columns; expected </source>
        <translation> 列；应为 </translation>
    </message>
    <message>
        <source>; at most </source>
        <translation>；最多 </translation>
    </message>
    <message>
        <source>saved by a newer bnviz (</source>
        <translation>由更新版本的 bnviz 保存 (</translation>
    </message>
    <message>
        <source>); this one reads up to </source>
        <translation>)；本版本最多读取 </translation>
    </message>
    <message>
        <source>: not a text file</source>
        <translation>：不是文本文件</translation>
    </message>
    <message>
        <source>: not valid JSON</source>
        <translation>：不是有效的 JSON</translation>
    </message>
    <message>
        <source>Input should be a valid integer</source>
        <translation>应为整数</translation>
    </message>
    <message>
        <source>Input should be a valid number</source>
        <translation>应为数</translation>
    </message>
    <message>
        <source>Input should be a valid boolean</source>
        <translation>应为布尔值（true 或 false）</translation>
    </message>
    <message>
        <source>Input should be a valid string</source>
        <translation>应为文本</translation>
    </message>
    <message>
        <source>Input should be a valid dictionary</source>
        <translation>应为一个对象</translation>
    </message>
    <message>
        <source>Input should be a valid list</source>
        <translation>应为一个列表</translation>
    </message>
    <message>
        <source>Input should be a valid tuple</source>
        <translation>应为一个列表</translation>
    </message>
    <message>
        <source>Field required</source>
        <translation>缺少此字段</translation>
    </message>
    <message>
        <source>Extra inputs are not permitted</source>
        <translation>不允许多余的字段</translation>
    </message>
    <message>
        <source> (got </source>
        <translation> (实际为 </translation>
    </message>
    <message>
        <source>training process restarted after: </source>
        <translation>训练进程已重新启动，原因：</translation>
    </message>
    <message>
        <source>training stopped: </source>
        <translation>训练已停止：</translation>
    </message>
    <message>
        <source>config refused: </source>
        <translation>设置被拒绝：</translation>
    </message>
    <message>
        <source>action failed: </source>
        <translation>操作失败：</translation>
    </message>
    <message>
        <source>killed by signal </source>
        <translation>被信号终止：</translation>
    </message>
    <message>
        <source>exit code unknown</source>
        <translation>退出码未知</translation>
    </message>
    <message>
        <source>exit code </source>
        <translation>退出码 </translation>
    </message>
</context>
</TS>
